package io.docspaceguard.engine;

/** Rule files that misbehave, for the tests of rule budgets. */
public final class RuleEngineTestRules {
    private RuleEngineTestRules() {
    }

    /** Inserts a fact that makes it fire again, for ever, whatever the events. */
    public static final String ENDLESS = """
            package rules

            declare Tick n : int end

            rule "forever"
            when
                $t : Tick()
            then
                insert( new Tick( $t.getN() + 1 ) );
            end

            rule "start"
            when
                not Tick()
            then
                insert( new Tick( 0 ) );
            end
            """;

    /** Fires for ever, but only once a user called mallory shows up. */
    public static final String MALLORY_ONLY = """
            package rules
            import io.docspaceguard.facts.AuditEvent

            declare Echo n : int end

            rule "start-for-mallory"
            when
                AuditEvent( userId == "mallory" )
                not Echo()
            then
                insert( new Echo( 0 ) );
            end

            rule "forever-for-mallory"
            when
                $t : Echo()
            then
                insert( new Echo( $t.getN() + 1 ) );
            end
            """;
}
