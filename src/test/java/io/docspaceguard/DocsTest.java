package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The README and the pages under docs/ as a newcomer follows them: every page reachable from the README, every
 * relative link and anchor leading somewhere, every command of the jar they show being one, and the API page
 * naming exactly the routes of openapi.yaml with their roles.
 */
class DocsTest {
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final Path OPENAPI = Path.of("src", "main", "resources", "openapi.yaml");

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    /** A run of the jar as the docs show it, continued lines joined; arguments end at a backtick or a pipe. */
    private static final Pattern JAR_RUN = Pattern.compile("-jar\\s+target/docspace-guard\\.jar((?:[ \\t]+[^\\s`|]+)*)");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern API_ROW =
            Pattern.compile("(?m)^\\| `(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) ([^`\\s]+)` \\| ([^|]*) \\|");

    @Test
    void every_page_under_docs_is_linked_from_the_readme() {
        Set<Path> linked = new TreeSet<>();
        for (Link link : links(README)) {
            linked.add(link.file());
        }

        List<Path> pages = pages();
        assertTrue(pages.size() >= 5, pages.toString());
        for (Path page : pages) {
            assertTrue(linked.contains(page.normalize()), page + " is not linked from README.md");
        }
    }

    @Test
    void every_relative_link_leads_to_a_file_and_every_anchor_to_a_heading_there() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents()) {
            for (Link link : links(document)) {
                checked++;
                if (!Files.exists(link.file())) {
                    broken.add(link + ": no file " + link.file());
                } else if (!link.anchor().isEmpty() && !anchors(link.file()).contains(link.anchor())) {
                    broken.add(link + ": no heading or anchor '" + link.anchor() + "' in " + link.file());
                }
            }
        }

        assertTrue(checked > 30, "only " + checked + " relative links found");
        assertEquals(List.of(), broken);
    }

    @Test
    void every_run_of_the_jar_the_docs_show_is_a_command_of_the_jar_with_its_options() {
        CommandLine jar = jar();
        List<String> runs = new ArrayList<>();
        for (Path document : documents()) {
            Matcher run = JAR_RUN.matcher(read(document).replace("\\\n", " "));
            while (run.find()) {
                String arguments = run.group(1).strip();
                runs.add(document + ": " + arguments);
                resolve(jar, List.of(arguments.split("[ \\t]+")), document + ": java -jar ... " + arguments);
            }
        }

        assertTrue(runs.size() >= 8, "only these runs of the jar found: " + runs);
    }

    @Test
    void the_commands_table_lists_every_command_of_the_jar_and_nothing_else() {
        Path page = DOCS.resolve("operations.md");
        String text = read(page);
        int start = text.indexOf("## Commands of the jar");
        assertTrue(start >= 0, "no section 'Commands of the jar' in " + page);
        int end = text.indexOf("\n## ", start + 1);
        String table = text.substring(start, end < 0 ? text.length() : end);

        CommandLine jar = jar();
        Set<String> documented = new TreeSet<>();
        for (String row : table.lines().filter(line -> line.startsWith("| `")).toList()) {
            String usage = row.substring(3, row.indexOf('`', 3)).replaceAll("[\\[\\]]", "");
            documented.add(resolve(jar, List.of(usage.split(" ")), page + ": " + row).getCommandSpec().qualifiedName(" "));
        }

        Set<String> commands = new TreeSet<>();
        leaves(jar, commands);
        assertEquals(commands, documented);
    }

    @Test
    void the_api_page_lists_every_route_of_openapi_yaml_with_its_role_and_nothing_else() {
        Map<String, String> described = new TreeMap<>();
        Map<String, Object> spec = new Yaml().load(read(OPENAPI));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) spec.get("paths");
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                described.put(method.toUpperCase(Locale.ROOT) + " " + path, String.valueOf(operation.get("x-role")));
            }
        }));

        Path page = DOCS.resolve("api.md");
        Map<String, String> documented = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        Matcher row = API_ROW.matcher(read(page));
        while (row.find()) {
            String route = row.group(1) + " " + row.group(2);
            if (documented.put(route, row.group(3).strip()) != null) {
                twice.add(route);
            }
        }

        assertTrue(described.size() > 20, described.toString());
        assertEquals(described.keySet(), documented.keySet());
        assertEquals(List.of(), twice, "routes listed twice in " + page);
        described.forEach((route, role) -> {
            String given = documented.get(route);
            assertTrue(given.contains(role) || "anyone".equals(role) && given.contains("no token"),
                    route + " needs '" + role + "' in openapi.yaml, but " + page + " says '" + given + "'");
        });
        assertTrue(links(page).stream().anyMatch(link -> link.file().equals(OPENAPI)), page + " does not link openapi.yaml");
    }

    /** A relative link of a document: the file it leads to, and its anchor (empty for none). */
    private record Link(Path document, String target, Path file, String anchor) {
        @Override
        public String toString() {
            return document + ": (" + target + ")";
        }
    }

    private static List<Link> links(Path document) {
        List<Link> links = new ArrayList<>();
        for (String line : prose(document)) {
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? "" : target.substring(hash + 1);
                Path file = path.isEmpty() ? document : document.resolveSibling(path);
                links.add(new Link(document, target, file.normalize(), anchor));
            }
        }
        return links;
    }

    /** The anchors GitHub gives a page: one per heading (repeats numbered), and explicit {@code <a id>}s. */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(page)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int repeat = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
        }
        return anchors;
    }

    /** GitHub's rule: the heading's text, lower-case, without punctuation but '-' and '_', spaces as '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M}_\\- ]", "").replace(' ', '-');
    }

    /** The lines of a document with fenced code blocks blanked, so their text is neither a heading nor a link. */
    private static List<String> prose(Path document) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : read(document).split("\n", -1)) {
            boolean fence = line.stripLeading().startsWith("```");
            lines.add(fenced || fence ? "" : line);
            fenced ^= fence;
        }
        return lines;
    }

    /**
     * The command the arguments name, walking picocli's model of the jar: each word a subcommand, an option of the
     * command reached so far (skipping its value) or one of its positional parameters.
     */
    private static CommandLine resolve(CommandLine jar, List<String> arguments, String where) {
        CommandLine command = jar;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.startsWith("-")) {
                String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
                CommandLine.Model.OptionSpec option = command.getCommandSpec().findOption(name);
                assertNotNull(option, where + ": `" + command.getCommandSpec().qualifiedName(" ") + "` has no option " + name);
                if (!argument.contains("=") && option.arity().min() > 0) {
                    i++;
                }
            } else if (command.getSubcommands().containsKey(argument)) {
                command = command.getSubcommands().get(argument);
            } else {
                assertFalse(command.getCommandSpec().positionalParameters().isEmpty(),
                        where + ": `" + command.getCommandSpec().qualifiedName(" ") + "` has no command " + argument);
            }
        }
        assertTrue(command != jar, where + ": names no command of the jar");
        return command;
    }

    private static void leaves(CommandLine command, Set<String> names) {
        if (command.getSubcommands().isEmpty()) {
            names.add(command.getCommandSpec().qualifiedName(" "));
        }
        command.getSubcommands().values().forEach(sub -> leaves(sub, names));
    }

    /** The jar's command line as picocli builds it; the commands get an empty environment and are never run. */
    private static CommandLine jar() {
        return new CommandLine(new Cli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    Constructor<K> withEnvironment = type.getDeclaredConstructor(Map.class);
                    withEnvironment.setAccessible(true);
                    return withEnvironment.newInstance(Map.of());
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        });
    }

    private static List<Path> documents() {
        List<Path> documents = new ArrayList<>(List.of(README));
        documents.addAll(pages());
        return documents;
    }

    private static List<Path> pages() {
        try (Stream<Path> files = Files.list(DOCS)) {
            return files.filter(file -> file.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
