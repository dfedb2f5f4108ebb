package io.docspaceguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RuleSourceCheckTest {

    /** A rule file whose consequence (line 7) is {@code then}. */
    private static String ruleThen(String then) {
        return """
                package rules
                import io.docspaceguard.facts.AuditEvent
                rule "probe"
                when
                    $e : AuditEvent()
                then
                    %s
                end
                """.formatted(then);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "System.exit( 42 );                                           | 'System'",
            "Runtime.getRuntime().halt( 1 );                              | 'Runtime'",
            "String key = System.getenv( \"DOCSPACE_API_KEY\" );          | 'System'",
            "String pw = new String( java.nio.file.Files.readAllBytes( java.nio.file.Path.of( \"/etc/passwd\" ) ) ); | 'java.nio.file.Files'",
            "new java.net.Socket( \"evil.example\", 80 );                 | 'java.net.Socket'",
            "Object o = $e.getClass().getClassLoader();                   | 'getClass'",
            "Object c = java.lang.Class.forName( \"x\" );                 | 'Class'",
            "new Thread( () -> {} ).start();                              | 'Thread'",
            "while ( true ) { }                                           | 'while'",
            "for ( int i = 0; ; i++ ) { }                                 | for-each",
            "drools.halt();                                               | 'drools'",
            "java.util.concurrent.Executors.newFixedThreadPool( 1 );      | 'java.util.concurrent",
    })
    void a_consequence_that_reaches_outside_the_rules_world_is_refused_at_its_line(String then, String named) {
        List<RuleError> errors = RuleSourceCheck.check("probe.drl", ruleThen(then));

        assertTrue(!errors.isEmpty(), then);
        assertEquals("probe.drl", errors.get(0).file());
        assertEquals(7, errors.get(0).line(), errors.toString());
        assertTrue(errors.get(0).message().contains(named), errors.get(0).message());
    }

    @Test
    void imports_and_constraints_are_checked_too() {
        String drl = """
                package rules
                import java.io.File
                import io.docspaceguard.facts.AuditEvent
                rule "leak"
                when
                    AuditEvent( userId == System.getProperty( "user.name" ) )
                then
                end
                """;

        List<RuleError> errors = RuleSourceCheck.check("leak.drl", drl);

        assertEquals(List.of(2, 6), errors.stream().map(RuleError::line).distinct().toList(), errors.toString());
    }

    @Test
    void a_unicode_escape_is_refused_even_in_a_comment_where_java_would_still_read_it() {
        List<RuleError> errors = RuleSourceCheck.check("sneaky.drl", ruleThen("// \\u000a \\u0053ystem.exit( 1 );"));

        assertEquals(7, errors.get(0).line());
        assertTrue(errors.get(0).message().contains("unicode escapes"), errors.get(0).message());
    }

    @Test
    void words_in_comments_and_strings_and_for_each_loops_are_fine() {
        String then = """
                // System.exit would be refused; a comment about it is not
                String note = "Thread, File, System and while are only words here";
                for ( String file : $e.target() ) { insert( new java.util.ArrayList<String>() ); }""";

        assertEquals(List.of(), RuleSourceCheck.check("fine.drl", ruleThen(then)));
    }

    @Test
    void the_shipped_rules_keep_to_the_rules_world() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                assertEquals(List.of(), RuleSourceCheck.check(file.getFileName().toString(), Files.readString(file)),
                        file.toString());
            }
        }
    }
}
