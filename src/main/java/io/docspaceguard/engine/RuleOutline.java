package io.docspaceguard.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BehaviorDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * What the rule files declare about time and scope, read from their parsed form (Drools' DRL descriptors):
 * each rule's sliding windows ({@code over window:time(...)}), each fact type's {@code @expires}, which fact
 * types the rules match, and which rules look at several users' activity in one match.
 *
 * <p>The engine derives from this how much stored history a scan must replay (the longest window), the
 * window a finding is drawn with, whether raw audit events must be inserted, and whether the rule set may be
 * split into per-user partitions. Nothing here is a second setting to keep in sync with the rules.
 */
public record RuleOutline(Map<String, Long> ruleWindows, Map<String, Long> typeExpiries, Set<String> matchedTypes,
                   Map<String, RuleSet.Location> crossUserRules) {

    /** The events the engine inserts, each on its own time: they leave the session through windows or expiry. */
    static final Set<String> EVENT_FACTS = Set.of("AuditEvent", "FileChange", "FileDeletion", "FileDownload",
            "FileShare", "FolderRemoval", "RoomRemoval", "FolderDownload", "TrashEmptied", "VersionDeletion",
            "SuspiciousName");
    /** Fact types whose instances belong to one user: a match joining two of them must join on the user. */
    static final Set<String> USER_FACTS = union(EVENT_FACTS, Set.of("ActiveUser"));

    /** {@code userId == $x} or {@code $x == userId}: the pattern is tied to a user bound elsewhere. */
    private static final Pattern USER_JOIN =
            Pattern.compile("\\buserId\\s*==\\s*\\$\\w+|\\$\\w+\\s*==\\s*userId\\b");
    /** {@code $u : userId}: the pattern binds the user the others join on. */
    private static final Pattern USER_BINDING = Pattern.compile("\\$\\w+\\s*:\\s*userId\\b");

    public RuleOutline {
        ruleWindows = Map.copyOf(ruleWindows);
        typeExpiries = Map.copyOf(typeExpiries);
        matchedTypes = Set.copyOf(matchedTypes);
        crossUserRules = Map.copyOf(crossUserRules);
    }

    /** The longest time any rule looks back, over windows and declared expiries; 0 when none is declared. */
    long longestWindowMillis() {
        long longest = 0;
        for (long w : ruleWindows.values()) {
            longest = Math.max(longest, w);
        }
        for (long e : typeExpiries.values()) {
            longest = Math.max(longest, e);
        }
        return longest;
    }

    /** Whether some rule matches the fact type, by its simple or qualified name or an interface's (FileActivity). */
    boolean matches(Class<?> type) {
        if (matchedTypes.contains(type.getSimpleName()) || matchedTypes.contains(type.getName())) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (matches(implemented)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the outline of rule files that have compiled. A pattern on an activity or audit event without a
     * sliding window, on a type without {@code @expires}, is an error: Drools would keep every such fact for ever.
     */
    static RuleOutline of(Map<String, String> sources) throws RuleLoadException {
        Map<String, PackageDescr> parsed = new java.util.LinkedHashMap<>();
        Map<String, Long> expiries = new HashMap<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            PackageDescr drl = parse(source.getKey(), source.getValue());
            parsed.put(source.getKey(), drl);
            for (TypeDeclarationDescr type : drl.getTypeDeclarations()) {
                AnnotationDescr expires = type.getAnnotation("expires");
                if (expires != null && expires.getSingleValue() != null) {
                    long millis = DroolsDuration.parse(source.getKey(), type.getLine(),
                            AnnotationDescr.unquote(String.valueOf(expires.getSingleValue())));
                    expiries.merge(type.getTypeName(), millis, Math::max);
                }
            }
        }
        Map<String, Long> windows = new HashMap<>();
        Set<String> types = new HashSet<>();
        Map<String, RuleSet.Location> crossUser = new HashMap<>();
        List<RuleError> unbounded = new ArrayList<>();
        for (Map.Entry<String, PackageDescr> file : parsed.entrySet()) {
            for (RuleDescr rule : file.getValue().getRules()) {
                if (rule.isQuery()) {
                    continue;
                }
                List<PatternDescr> patterns = new ArrayList<>();
                collectPatterns(rule.getLhs(), patterns);
                long window = 0;
                for (PatternDescr pattern : patterns) {
                    String type = simpleName(pattern.getObjectType());
                    types.add(pattern.getObjectType());
                    long patternWindow = 0;
                    for (BehaviorDescr behavior : pattern.getBehaviors()) {
                        if ("window".equals(behavior.getType()) && "time".equals(behavior.getSubType())) {
                            patternWindow = DroolsDuration.parse(file.getKey(), pattern.getLine(),
                                    behavior.getParameters().get(0));
                        }
                    }
                    if (patternWindow == 0 && EVENT_FACTS.contains(type) && !expiries.containsKey(type)) {
                        unbounded.add(new RuleError(file.getKey(), pattern.getLine(), "rule '" + rule.getName()
                                + "' matches " + type + " without a window: add `over window:time( 10m )` (or the "
                                + "window it means) to the pattern, or no " + type + " would ever leave the session"));
                    }
                    window = Math.max(window, patternWindow);
                }
                windows.put(rule.getName(), window);
                if (correlatesUsers(patterns)) {
                    crossUser.put(rule.getName(), new RuleSet.Location(file.getKey(), rule.getLine()));
                }
            }
        }
        if (!unbounded.isEmpty()) {
            throw new RuleLoadException(unbounded);
        }
        return new RuleOutline(windows, expiries, types, crossUser);
    }

    /**
     * A match of several per-user patterns stays with one user when all but the one binding the user join on
     * {@code userId == $bound}. Anything else (no join, {@code userId != $other}, a join on files) may mix users.
     */
    private static boolean correlatesUsers(List<PatternDescr> patterns) {
        List<PatternDescr> perUser = patterns.stream()
                .filter(p -> USER_FACTS.contains(simpleName(p.getObjectType()))).toList();
        if (perUser.size() < 2) {
            return false;
        }
        int unjoined = 0;
        for (PatternDescr pattern : perUser) {
            boolean joined = false;
            boolean binds = false;
            for (BaseDescr constraint : pattern.getDescrs()) {
                if (constraint instanceof ExprConstraintDescr expression) {
                    joined |= USER_JOIN.matcher(expression.getExpression()).find();
                    binds |= USER_BINDING.matcher(expression.getExpression()).find();
                }
            }
            if (!joined && !binds) {
                return true;
            }
            if (!joined) {
                unjoined++;
            }
        }
        return unjoined > 1;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** Every pattern of a rule's conditions, including those inside accumulate, collect, not, exists, or, forall. */
    private static void collectPatterns(BaseDescr descr, List<PatternDescr> into) {
        if (descr instanceof PatternDescr pattern) {
            into.add(pattern);
            if (pattern.getSource() != null) {
                collectPatterns(pattern.getSource(), into);
            }
        } else if (descr instanceof AccumulateDescr accumulate) {
            if (accumulate.getInput() != null) {
                collectPatterns(accumulate.getInput(), into);
            }
        } else if (descr instanceof CollectDescr collect) {
            collectPatterns(collect.getInputPattern(), into);
        } else if (descr instanceof ConditionalElementDescr element) {
            for (Object child : element.getDescrs()) {
                collectPatterns((BaseDescr) child, into);
            }
        }
    }

    private static PackageDescr parse(String file, String text) throws RuleLoadException {
        DrlParser parser = new DrlParser();
        try {
            PackageDescr drl = parser.parse(false, text);
            if (parser.hasErrors() || drl == null) {
                throw new RuleLoadException(List.of(new RuleError(file, 0, "cannot outline: " + parser.getErrors())));
            }
            return drl;
        } catch (DroolsParserException e) {
            throw new RuleLoadException(List.of(new RuleError(file, 0, "cannot outline: " + e.getMessage())));
        }
    }

    /** Drools' duration notation: {@code 10m}, {@code 1h30m}, {@code 90s}, {@code 500ms}, {@code 2d}, or milliseconds. */
    static final class DroolsDuration {
        private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

        private DroolsDuration() {
        }

        static long parse(String file, int line, String text) throws RuleLoadException {
            String value = text.strip().toLowerCase(java.util.Locale.ROOT);
            if (value.matches("\\d+")) {
                return Long.parseLong(value);
            }
            var m = PART.matcher(value);
            long millis = 0;
            int end = 0;
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                millis += switch (m.group(2)) {
                    case "d" -> n * 86_400_000L;
                    case "h" -> n * 3_600_000L;
                    case "m" -> n * 60_000L;
                    case "s" -> n * 1_000L;
                    default -> n;
                };
                end = m.end();
            }
            if (end == 0 || end != value.length()) {
                throw new RuleLoadException(List.of(new RuleError(file, line, "'" + text
                        + "' is not a duration the engine can read (write e.g. 10m, 3h, 1h30m, 90s)")));
            }
            return millis;
        }
    }
}
