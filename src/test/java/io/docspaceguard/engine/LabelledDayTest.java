package io.docspaceguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.docspaceguard.facts.Finding;
import io.docspaceguard.scan.Detector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped rules on a labelled day: every attack opens its rule's finding, nothing ordinary opens any. */
class LabelledDayTest {

    @Test
    void every_attack_is_caught_by_its_rule_and_ordinary_work_by_none() throws Exception {
        LabelledDay day = new LabelledDay(20250514);
        RuleEngine engine = new RuleEngine(Path.of("rules"), Clock.systemUTC(), 2);
        engine.reload();

        List<Finding> findings = engine.evaluate(day.events());

        // The detector drops findings of DocSpace's pseudo-accounts (the system's clean-up): no account to act on.
        Set<String> flagged = findings.stream().filter(f -> !Detector.PSEUDO_ACCOUNTS.contains(f.userId()))
                .map(f -> f.rule() + " " + f.userId()).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(day.events().size() > 15_000, "a day of thousands of events: " + day.events().size());
        assertEquals(12, day.attacks().size());
        assertEquals(day.attacks(), flagged);
    }
}
