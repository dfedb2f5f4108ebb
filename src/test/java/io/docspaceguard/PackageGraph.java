package io.docspaceguard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which of the service's packages imports which, read from the {@code package} and {@code import} lines of its
 * sources: no bytecode tool and no library, so a test can keep the layers apart with a plain regex.
 */
final class PackageGraph {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** An import of a type (or all types) of one of our packages: its lower-case segments name the package. */
    private static final Pattern IMPORT = Pattern.compile(
            "^import\\s+(?:static\\s+)?(io\\.docspaceguard(?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)",
            Pattern.MULTILINE);

    /** Package → package it imports → a file whose import says so, for a message that shows where to look. */
    private final Map<String, Map<String, Path>> imports = new TreeMap<>();

    static PackageGraph read(Path sourceRoot) throws IOException {
        PackageGraph graph = new PackageGraph();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                graph.add(sourceRoot.relativize(file), Files.readString(file));
            }
        }
        return graph;
    }

    private void add(Path file, String source) {
        Matcher declared = PACKAGE.matcher(source);
        if (!declared.find()) {
            throw new IllegalStateException(file + " declares no package");
        }
        Map<String, Path> targets = imports.computeIfAbsent(declared.group(1), p -> new TreeMap<>());
        for (Matcher imported = IMPORT.matcher(source); imported.find(); ) {
            if (!imported.group(1).equals(declared.group(1))) {
                targets.putIfAbsent(imported.group(1), file);
            }
        }
    }

    Set<String> packages() {
        return imports.keySet();
    }

    Set<String> importsOf(String from) {
        return imports.getOrDefault(from, Map.of()).keySet();
    }

    /** The packages {@code from} reaches through one import or more. */
    Set<String> reachableFrom(String from) {
        Set<String> seen = new HashSet<>();
        Set<String> next = new HashSet<>(importsOf(from));
        while (!next.isEmpty()) {
            String p = next.iterator().next();
            next.remove(p);
            if (seen.add(p)) {
                next.addAll(importsOf(p));
            }
        }
        return seen;
    }

    boolean inOneCycle(String a, String b) {
        return reachableFrom(a).contains(b) && reachableFrom(b).contains(a);
    }

    /** Every group of two or more packages that reach each other, directly or round a loop. */
    Set<Set<String>> cycles() {
        Set<Set<String>> cycles = new HashSet<>();
        for (String p : packages()) {
            Set<String> group = new TreeSet<>(Set.of(p));
            reachableFrom(p).stream().filter(q -> reachableFrom(q).contains(p)).forEach(group::add);
            if (group.size() > 1) {
                cycles.add(Set.copyOf(group));
            }
        }
        return cycles;
    }

    /** The imports between the packages of {@code group}, one line each with the file that makes it. */
    String describe(Set<String> group) {
        StringBuilder lines = new StringBuilder();
        for (String from : new TreeSet<>(group)) {
            imports.getOrDefault(from, Map.of()).forEach((to, file) -> {
                if (group.contains(to)) {
                    lines.append("\n  ").append(from).append(" -> ").append(to).append(" (e.g. ").append(file)
                            .append(')');
                }
            });
        }
        return lines.toString();
    }
}
