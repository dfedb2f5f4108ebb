package io.docspaceguard.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.docspaceguard.facts.AuditEvent;
import io.docspaceguard.facts.FileActivity;
import io.docspaceguard.facts.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the scenario files that sit beside the rules ({@code <rule>.test.json}) through the production
 * engine. Used by {@code rules test} on the command line and by the Maven test suite.
 */
public final class ScenarioRunner {
    public static final String SUFFIX = ".test.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The outcome of one scenario; {@code message} says what differed when it failed. */
    public record Result(String file, String scenario, boolean passed, String message) {
    }

    private final RuleEngine engine;

    public ScenarioRunner(RuleEngine engine) {
        this.engine = engine;
    }

    public static List<Path> scenarioFiles(Path rulesDir) throws IOException {
        try (Stream<Path> files = Files.list(rulesDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    public static Scenario.File read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), Scenario.File.class);
    }

    public List<Result> run(Path file) {
        String name = file.getFileName().toString();
        Scenario.File content;
        try {
            content = read(file);
        } catch (IOException e) {
            return List.of(new Result(name, "(file)", false, "cannot read: " + e.getMessage()));
        }
        return content.scenarios().stream().map(s -> run(name, content.rule(), s)).toList();
    }

    public Result run(String file, String rule, Scenario scenario) {
        List<AuditEvent> events = events(scenario);
        List<String> problems = new ArrayList<>();
        if (scenario.findings() != null) {
            List<Finding> actual = engine.evaluate(events).stream()
                    .filter(f -> rule == null || f.rule().equals(rule))
                    .sorted(Comparator.comparing(Finding::userId).thenComparingLong(Finding::windowStart))
                    .toList();
            compareFindings(scenario.findings(), actual, problems);
        }
        if (scenario.activities() != null) {
            compareActivities(scenario.activities(), activities(events), problems);
        }
        return new Result(file, scenario.name(), problems.isEmpty(), String.join("; ", problems));
    }

    private static void compareFindings(List<Scenario.ExpectedFinding> expected, List<Finding> actual,
                                        List<String> problems) {
        String described = actual.stream()
                .map(f -> f.rule() + "/" + f.userId() + "/" + f.fileIds().size() + " files")
                .collect(Collectors.joining(", ", "[", "]"));
        if (expected.size() != actual.size()) {
            problems.add("expected " + expected.size() + " finding(s), got " + actual.size() + " " + described);
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            Scenario.ExpectedFinding want = expected.get(i);
            Finding got = actual.get(i);
            boolean matches = (want.rule() == null || want.rule().equals(got.rule()))
                    && (want.userId() == null || want.userId().equals(got.userId()))
                    && (want.fileCount() == null || want.fileCount() == got.fileIds().size())
                    && (want.severity() == null || want.severity().equals(got.severity()))
                    && (want.autoDisable() == null || want.autoDisable() == got.autoDisable());
            if (!matches) {
                problems.add("finding " + (i + 1) + " expected " + want + ", got " + described);
            }
        }
    }

    private static void compareActivities(List<Scenario.ExpectedActivity> expected, List<FileActivity> actual,
                                          List<String> problems) {
        Set<String> want = expected.stream().map(a -> a.eventId() + ":" + a.kind())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> got = actual.stream().map(a -> a.eventId() + ":" + a.kind())
                .collect(Collectors.toCollection(TreeSet::new));
        if (!want.equals(got)) {
            problems.add("expected activities " + want + ", got " + got);
        }
    }

    /** What classification makes of each event: one activity per kind, whether or not a rule counts it. */
    private List<FileActivity> activities(List<AuditEvent> events) {
        List<FileActivity> activities = new ArrayList<>();
        try (RuleSession session = engine.newSession()) {
            for (AuditEvent event : events) {
                if (event.firstTarget() != null && event.userId() != null) {
                    for (String kind : session.classify(event)) {
                        activities.add(FileActivity.of(kind, event.id(), event.ts(), event.userId(),
                                event.firstTarget()));
                    }
                }
            }
        }
        return activities;
    }

    static List<AuditEvent> events(Scenario scenario) {
        List<AuditEvent> events = new ArrayList<>();
        long nextId = 1;
        for (Scenario.Event e : scenario.events()) {
            long id = e.id() != null ? e.id() : nextId;
            nextId = Math.max(nextId, id + 1);
            events.add(new AuditEvent(id, e.date().toInstant().toEpochMilli(), e.userId(), e.userId(), e.actionId(),
                    Objects.requireNonNullElse(e.entries(), List.of(1)), e.target(), e.action()));
        }
        for (Scenario.Series s : scenario.series()) {
            int distinct = s.distinctFiles() == null ? s.count() : s.distinctFiles();
            String prefix = s.filePrefix() == null ? s.userId() + "-file-" : s.filePrefix();
            for (int n = 0; n < s.count(); n++) {
                long ts = s.start().toInstant().plus(s.every().multipliedBy(n)).toEpochMilli();
                int fileNumber = n % distinct + 1;
                String action = s.action() == null ? null : s.action().replace("{n}", Integer.toString(fileNumber));
                events.add(new AuditEvent(nextId++, ts, s.userId(), s.userId(), s.actionId(),
                        Objects.requireNonNullElse(s.entries(), List.of(1)), List.of(prefix + fileNumber), action));
            }
        }
        return events;
    }
}
