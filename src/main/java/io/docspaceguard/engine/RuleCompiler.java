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
    private static final String DRL = ".drl";
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
        Map<String, String> files = readSources(rulesDir);
        Map<String, String> sources = new LinkedHashMap<>();
        files.forEach((name, text) -> {
            if (name.endsWith(DRL)) {
                sources.put(name, text);
            }
        });
        List<RuleError> outside = new ArrayList<>();
        sources.forEach((file, text) -> outside.addAll(RuleSourceCheck.check(file, text)));
        if (!outside.isEmpty()) {
            throw new RuleLoadException(outside);
        }
        try {
            return build(files, sources);
        } catch (RuleLoadException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // Some DRL mistakes make the compiler throw instead of reporting a message.
            throw new RuleLoadException(List.of(new RuleError(rulesDir.toString(), 0, String.valueOf(e.getMessage()))));
        }
    }

    /**
     * The rule files (DRL, name lists, allowlists), by file name in name order; the version covers them all.
     * A folder without DRL files, or one that cannot be read, is an error.
     */
    static Map<String, String> readSources(Path rulesDir) throws RuleLoadException {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(rulesDir)) {
            for (Path file : files.filter(p -> isRuleFile(p.getFileName().toString())).sorted().toList()) {
                sources.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new RuleLoadException(List.of(new RuleError(rulesDir.toString(), 0, "cannot read rules: " + e)));
        }
        if (sources.keySet().stream().noneMatch(name -> name.endsWith(DRL))) {
            throw new RuleLoadException(List.of(new RuleError(rulesDir.toString(), 0, "no .drl files found")));
        }
        return sources;
    }

    private static boolean isRuleFile(String name) {
        return name.endsWith(DRL) || name.endsWith(NameLists.EXTENSIONS) || name.endsWith(NameLists.FILENAMES)
                || name.endsWith(Allowlists.SUFFIX);
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

    private RuleSet build(Map<String, String> files, Map<String, String> sources) throws RuleLoadException {
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
        RuleOutline outline = RuleOutline.of(sources);
        return new RuleSet(kieBase, version(files), List.copyOf(files.keySet()), List.copyOf(rules), outline,
                NameLists.of(files), Allowlists.of(files, rules), locations(sources), clock.instant());
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
