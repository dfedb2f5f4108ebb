package io.docspaceguard.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.FileActivity;
import org.drools.base.base.ClassObjectType;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.reteoo.ObjectTypeNode;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.conf.KieBaseMutabilityOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Query;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/** Compiles the DRL files of a folder into a {@link RuleSet}, reporting every error with file and line. */
final class RuleCompiler {
    static final String FINDINGS_QUERY = "findings";
    static final String KINDS_QUERY = "activityKinds";
    private static final String SOURCE_ROOT = "src/main/resources/rules/";
    private static final AtomicLong BUILDS = new AtomicLong();
    /** {@code rule "name"}, {@code rule 'name'} or {@code rule name} at the start of a line. */
    private static final Pattern RULE_DECLARATION =
            Pattern.compile("(?m)^[ \\t]*rule[ \\t]+(?:\"([^\"]+)\"|'([^']+)'|([^\\s\"']+))");

    private final KieServices kieServices = KieServices.Factory.get();
    private final Clock clock;

    RuleCompiler(Clock clock) {
        this.clock = clock;
    }

    RuleSet compile(Path rulesDir) throws RuleLoadException {
        Map<String, String> sources = readSources(rulesDir);
        List<RuleError> outside = new ArrayList<>();
        sources.forEach((file, text) -> outside.addAll(RuleSourceCheck.check(file, text)));
        if (!outside.isEmpty()) {
            throw new RuleLoadException(outside);
        }
        try {
            return build(sources);
        } catch (RuleLoadException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // Some DRL mistakes make the compiler throw instead of reporting a message.
            throw new RuleLoadException(List.of(new RuleError(rulesDir.toString(), 0, String.valueOf(e.getMessage()))));
        }
    }

    /** The rule files, by file name in name order; an empty or unreadable folder is an error. */
    static Map<String, String> readSources(Path rulesDir) throws RuleLoadException {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(rulesDir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".drl")).sorted().toList()) {
                sources.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new RuleLoadException(List.of(new RuleError(rulesDir.toString(), 0, "cannot read rules: " + e)));
        }
        if (sources.isEmpty()) {
            throw new RuleLoadException(List.of(new RuleError(rulesDir.toString(), 0, "no .drl files found")));
        }
        return sources;
    }

    static String version(Map<String, String> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            sources.forEach((name, text) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(text.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private RuleSet build(Map<String, String> sources) throws RuleLoadException {
        KieFileSystem kfs = kieServices.newKieFileSystem();
        ReleaseId releaseId = kieServices.newReleaseId("io.docspaceguard", "rules", "1." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        sources.forEach((name, text) -> kfs.write(SOURCE_ROOT + name, text));

        KieBuilder builder = kieServices.newKieBuilder(kfs).buildAll();
        List<RuleError> errors = errorsOf(builder.getResults().getMessages(Message.Level.ERROR));
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        KieContainer container = kieServices.newKieContainer(releaseId);
        var configuration = kieServices.newKieBaseConfiguration();
        configuration.setOption(EventProcessingOption.STREAM);
        // A reload builds a new KieBase; nothing changes one in place, so sessions need not watch for it.
        configuration.setOption(KieBaseMutabilityOption.DISABLED);
        KieBase kieBase = container.newKieBase(configuration);
        // The repository would otherwise keep every reloaded rule module alive.
        kieServices.getRepository().removeKieModule(releaseId);

        List<String> rules = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                rules.add(rule.getName());
            }
            for (Query query : kiePackage.getQueries()) {
                queries.add(query.getName());
            }
        }
        if (!queries.contains(FINDINGS_QUERY)) {
            throw new RuleLoadException(List.of(new RuleError("*.drl", 0,
                    "no query named '" + FINDINGS_QUERY + "': the engine reads findings through it")));
        }
        if (!queries.contains(KINDS_QUERY)) {
            throw new RuleLoadException(List.of(new RuleError("*.drl", 0,
                    "no query named '" + KINDS_QUERY + "': the engine classifies events through it")));
        }
        rules.removeAll(queries);
        rules.sort(Comparator.naturalOrder());
        return new RuleSet(kieBase, version(sources), List.copyOf(sources.keySet()), List.copyOf(rules),
                matchesAuditEvents(kieBase), windows(kieBase), locations(sources), clock.instant());
    }

    /**
     * Whether any rule pattern can match a raw {@link AuditEvent}. Inserting every event costs a third of
     * the rule path, so the session inserts them only for rule sets that look at them.
     */
    private static boolean matchesAuditEvents(KieBase kieBase) {
        return ((InternalRuleBase) kieBase).getRete().getObjectTypeNodes().stream()
                .anyMatch(node -> node.getObjectType().isAssignableFrom(AuditEvent.class));
    }

    /**
     * The window of each file activity kind: the expiration offset Drools derived from the kind's
     * {@code @expires} declaration. Read once here so that the window stays stated only in the DRL file;
     * findings carry it to the console's chart. Kinds no rule counts have no node and no window.
     */
    private static Map<String, Long> windows(KieBase kieBase) {
        Map<Class<?>, String> kindsByClass = new HashMap<>();
        for (String kind : FileActivity.KINDS) {
            kindsByClass.put(FileActivity.of(kind, 0, 0, "", "").getClass(), kind);
        }
        Map<String, Long> windows = new HashMap<>();
        for (ObjectTypeNode node : ((InternalRuleBase) kieBase).getRete().getObjectTypeNodes()) {
            if (node.getObjectType() instanceof ClassObjectType type && kindsByClass.containsKey(type.getClassType())
                    && node.getExpirationOffset() > 0) {
                // Drools stores @expires(d) as d + 1 ms: an event expires once the clock is past ts + d.
                windows.put(kindsByClass.get(type.getClassType()), node.getExpirationOffset() - 1);
            }
        }
        return windows;
    }

    /** Where each rule is declared, read from the sources, so that a refusal can point at the file and line. */
    private static Map<String, RuleSet.Location> locations(Map<String, String> sources) {
        Map<String, RuleSet.Location> locations = new HashMap<>();
        sources.forEach((file, text) -> {
            Matcher m = RULE_DECLARATION.matcher(text);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                int line = (int) text.substring(0, m.start(0)).chars().filter(c -> c == '\n').count() + 1;
                locations.putIfAbsent(name, new RuleSet.Location(file, line));
            }
        });
        return locations;
    }

    /** Parser errors first: a syntax error causes a dozen knock-on messages after it. */
    private static List<RuleError> errorsOf(List<Message> messages) {
        return messages.stream()
                .sorted(Comparator.comparing((Message m) -> !m.getText().startsWith("[ERR")))
                .map(m -> new RuleError(fileName(m.getPath()), Math.max(m.getLine(), 0), m.getText().strip()))
                .toList();
    }

    private static String fileName(String path) {
        if (path == null) {
            return "";
        }
        // Drools reports paths relative to its virtual source tree; operators know the file name.
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
