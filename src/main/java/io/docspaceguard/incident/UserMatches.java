package io.docspaceguard.incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users a name search finds, learnt from the few thousand names their incidents were stored with instead of
 * from every incident's name, and the WHERE term that reads their incidents by the user index. A user all of whose
 * names match is {@code named}: each of their incidents matches. A user with another name as well (renamed in
 * DocSpace between incidents) is {@code partly} named: their incidents are matched by name too.
 *
 * <p>The term names each user as a parameter of its own ({@code :user0, :user1, ...}): PostgreSQL then weighs the
 * users it is given, walking incidents newest first for a busy user and reading a rare one's few from the index.
 * A search matching more than {@value #MAX_LISTED} users is common enough that walking incidents newest first by name
 * finds a page at once, so its term is the name alone.
 */
record UserMatches(List<String> named, List<String> partly) {

    static final int MAX_LISTED = 500;
    private static final String BY_NAME = "lower(user_name) LIKE :userNamePattern ESCAPE '!'";

    static UserMatches of(List<IncidentQueries.NameMatch> matches) {
        List<String> named = new ArrayList<>();
        List<String> partly = new ArrayList<>();
        matches.forEach(m -> (m.every() ? named : partly).add(m.userId()));
        return new UserMatches(List.copyOf(named), List.copyOf(partly));
    }

    boolean none() {
        return named.isEmpty() && partly.isEmpty();
    }

    /** The term selecting the matched users' matching incidents. */
    String term() {
        if (named.size() + partly.size() > MAX_LISTED) {
            return BY_NAME;
        }
        List<String> terms = new ArrayList<>();
        if (!named.isEmpty()) {
            terms.add("user_id IN (" + parameters(0, named.size()) + ")");
        }
        if (!partly.isEmpty()) {
            terms.add("(user_id IN (" + parameters(named.size(), partly.size()) + ") AND " + BY_NAME + ")");
        }
        return terms.size() == 1 ? terms.get(0) : "(" + String.join(" OR ", terms) + ")";
    }

    /** The values of the term's user parameters. */
    Map<String, Object> binds() {
        Map<String, Object> binds = new LinkedHashMap<>();
        if (named.size() + partly.size() <= MAX_LISTED) {
            int i = 0;
            for (String user : named) {
                binds.put("user" + i++, user);
            }
            for (String user : partly) {
                binds.put("user" + i++, user);
            }
        }
        return binds;
    }

    private static String parameters(int from, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            names.add(":user" + i);
        }
        return String.join(", ", names);
    }
}
