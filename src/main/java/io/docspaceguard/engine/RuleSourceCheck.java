package io.docspaceguard.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses rule files that reach outside the rules' world. Rules see the facts they are given and insert
 * findings; they never end the process, read the environment or files, open connections, use reflection or
 * start threads. Everything named in a file, outside comments and strings, is checked: a short list of
 * names of the Java platform that lead out (System, Runtime, Thread, Class, File, getClass, ...), loops
 * other than a for-each (a rule's work is bounded), and every qualified name (imports included), which
 * must lie in the rule vocabulary or in the harmless parts of {@code java.util}, {@code java.time},
 * {@code java.math} and {@code java.lang}.
 */
final class RuleSourceCheck {

    /** Names that lead out of the rules' world, with what they would reach. */
    private static final Map<String, String> FORBIDDEN = forbiddenNames();

    /** Top-level package names: a dotted name starting with one of them is a qualified class name. */
    private static final Set<String> PACKAGE_ROOTS = Set.of("java", "javax", "jdk", "sun", "com", "org", "io", "net",
            "jakarta", "kotlin", "scala", "groovy");

    /** Qualified names a rule may use: the rule vocabulary and plain values and collections. */
    private static final List<String> ALLOWED_PREFIXES = List.of("io.docspaceguard.facts.",
            "io.docspaceguard.engine.ActivityWindowFunction", "java.util.", "java.time.", "java.math.",
            "java.lang.Math", "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean",
            "java.lang.Double", "java.lang.Character");

    /** Parts of the allowed packages that still lead out: threads, class loading, files, logging. */
    private static final List<String> FORBIDDEN_PREFIXES = List.of("java.util.concurrent", "java.util.logging",
            "java.util.jar", "java.util.zip", "java.util.prefs", "java.util.spi", "java.util.ServiceLoader",
            "java.util.Timer", "java.util.Scanner", "java.util.Properties", "java.time.zone");

    private RuleSourceCheck() {
    }

    /** The problems of one rule file, each with its line; empty when the file keeps to the rules' world. */
    static List<RuleError> check(String file, String source) {
        List<RuleError> errors = new ArrayList<>();
        int escape = source.indexOf("\\u");
        if (escape >= 0) {
            // Java reads \\uXXXX before anything else, even in comments and strings: it could hide any code.
            errors.add(new RuleError(file, lineOf(source, escape), "unicode escapes (\\u) are not allowed in rule "
                    + "files; write the character itself"));
        }
        List<Token> tokens = tokenize(source);
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.text().equals("package") && i + 1 < tokens.size()) {
                i = skipName(tokens, i + 1); // the package's own name is free
                continue;
            }
            String reason = FORBIDDEN.get(token.text());
            if (reason != null) {
                errors.add(new RuleError(file, token.line(), "'" + token.text() + "' is not allowed in rules: "
                        + reason));
                continue;
            }
            if (token.text().equals("for") && classicFor(tokens, i)) {
                errors.add(new RuleError(file, token.line(), "only for-each loops are allowed in rules: a rule's "
                        + "work must stay bounded"));
                continue;
            }
            if (PACKAGE_ROOTS.contains(token.text()) && !isAfterDot(tokens, i)) {
                int end = skipName(tokens, i);
                String name = joined(tokens, i, end);
                if (name.contains(".") && !allowed(name)) {
                    errors.add(new RuleError(file, token.line(), "'" + name + "' is outside what rules may use "
                            + "(the facts in io.docspaceguard.facts, java.util collections, java.time, java.math)"));
                }
                i = end - 1;
            }
        }
        return errors;
    }

    private static Map<String, String> forbiddenNames() {
        String process = "the process and its environment are out of a rule's reach";
        String reflection = "reflection and class loading are out of a rule's reach";
        String threads = "threads and waiting are out of a rule's reach";
        String files = "files and the network are out of a rule's reach";
        String engine = "a rule talks to the engine only through insert, modify and delete";
        String loops = "a rule's work must stay bounded";
        Map<String, String> names = new HashMap<>();
        for (String n : List.of("System", "Runtime", "ProcessBuilder", "Process", "ProcessHandle", "exit", "halt",
                "exec", "getenv", "getProperty", "getProperties", "setProperty", "load", "loadLibrary",
                "SecurityManager", "StackWalker", "Module", "ModuleLayer")) {
            names.put(n, process);
        }
        for (String n : List.of("Class", "ClassLoader", "class", "getClass", "getClassLoader", "forName", "reflect",
                "invoke", "newInstance", "setAccessible", "getDeclaredMethod", "getDeclaredMethods",
                "getDeclaredField", "getDeclaredFields", "getDeclaredConstructor", "getMethod", "getMethods",
                "getField", "getFields", "getConstructor", "MethodHandles", "MethodHandle", "Unsafe", "Proxy")) {
            names.put(n, reflection);
        }
        for (String n : List.of("Thread", "ThreadGroup", "ThreadLocal", "Executors", "ExecutorService",
                "CompletableFuture", "ForkJoinPool", "Timer", "synchronized", "wait", "notify", "notifyAll",
                "sleep")) {
            names.put(n, threads);
        }
        for (String n : List.of("File", "Files", "Path", "Paths", "FileSystems", "RandomAccessFile",
                "FileInputStream", "FileOutputStream", "FileReader", "FileWriter", "URL", "URI", "URLConnection",
                "HttpClient", "Socket", "ServerSocket", "DatagramSocket", "InetAddress", "ScriptEngineManager")) {
            names.put(n, files);
        }
        for (String n : List.of("drools", "kcontext", "native")) {
            names.put(n, engine);
        }
        for (String n : List.of("while", "do")) {
            names.put(n, loops);
        }
        return Map.copyOf(names);
    }

    private static boolean allowed(String name) {
        return ALLOWED_PREFIXES.stream().anyMatch(name::startsWith)
                && FORBIDDEN_PREFIXES.stream().noneMatch(name::startsWith);
    }

    private static boolean isAfterDot(List<Token> tokens, int i) {
        return i > 0 && tokens.get(i - 1).text().equals(".");
    }

    /** The index after a dotted name starting at {@code start} ({@code a . b . c}, a trailing {@code .*} too). */
    private static int skipName(List<Token> tokens, int start) {
        int i = start + 1;
        while (i + 1 < tokens.size() && tokens.get(i).text().equals(".")
                && (tokens.get(i + 1).identifier() || tokens.get(i + 1).text().equals("*"))) {
            i += 2;
        }
        return i;
    }

    private static String joined(List<Token> tokens, int from, int to) {
        StringBuilder name = new StringBuilder();
        for (int i = from; i < to; i++) {
            name.append(tokens.get(i).text());
        }
        return name.toString();
    }

    /** {@code for ( ... ; ... )}: a counting loop, which could run for ever. */
    private static boolean classicFor(List<Token> tokens, int i) {
        if (i + 1 >= tokens.size() || !tokens.get(i + 1).text().equals("(")) {
            return false;
        }
        int depth = 0;
        for (int j = i + 1; j < tokens.size(); j++) {
            String t = tokens.get(j).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")") && --depth == 0) {
                return false;
            } else if (t.equals(";") && depth == 1) {
                return true;
            }
        }
        return false;
    }

    private record Token(String text, int line, boolean identifier) {
    }

    /** Identifiers and single-character symbols, without comments and string or character literals. */
    private static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(n, j + 1);
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(source.charAt(j))) {
                    j++;
                }
                tokens.add(new Token(source.substring(i, j), line, true));
                i = j;
            } else {
                tokens.add(new Token(String.valueOf(c), line, false));
                i++;
            }
        }
        return tokens;
    }

    private static int count(String source, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (source.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static int lineOf(String source, int index) {
        return 1 + count(source, 0, index);
    }
}
