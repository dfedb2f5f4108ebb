package io.docspaceguard.incident;

import io.docspaceguard.docspace.Person;
import java.util.Arrays;
import java.util.Optional;

/**
 * The review workflow's one transition table (SPEC §5): each move an incident can make, the status it needs,
 * the status it reaches and the DocSpace account status it sets, if any. The wire name is the action's name
 * in the audit trail and in {@code account_action}.
 */
public enum Transition {
    APPROVE("approve", IncidentStatus.OPEN, IncidentStatus.DISABLED, Person.DISABLED, "approved"),
    AUTO_DISABLE("auto_disable", IncidentStatus.OPEN, IncidentStatus.DISABLED, Person.DISABLED,
            "disabled automatically"),
    DISMISS("dismiss", IncidentStatus.OPEN, IncidentStatus.DISMISSED, 0, "dismissed"),
    REENABLE("reenable", IncidentStatus.DISABLED, IncidentStatus.REENABLED, Person.ACTIVE, "re-enabled"),
    AUTO_REENABLE("auto_reenable", IncidentStatus.DISABLED, IncidentStatus.REENABLED, Person.ACTIVE, "re-enabled");

    private final String wireName;
    private final IncidentStatus from;
    private final IncidentStatus to;
    private final int accountStatus;
    private final String pastTense;

    Transition(String wireName, IncidentStatus from, IncidentStatus to, int accountStatus, String pastTense) {
        this.wireName = wireName;
        this.from = from;
        this.to = to;
        this.accountStatus = accountStatus;
        this.pastTense = pastTense;
    }

    public String wireName() {
        return wireName;
    }

    public IncidentStatus from() {
        return from;
    }

    public IncidentStatus to() {
        return to;
    }

    /** Whether this move changes the account in DocSpace (and so goes through the action journal). */
    public boolean changesAccount() {
        return accountStatus != 0;
    }

    /** The DocSpace status this move sets: 2 disabled, 1 active; 0 when it does not touch the account. */
    public int accountStatus() {
        return accountStatus;
    }

    /** What the account change is called in alerts: "disable" or "re-enable". */
    public String accountVerb() {
        return accountStatus == Person.DISABLED ? "disable" : "re-enable";
    }

    /** Why {@code incident} cannot make this move now, or empty when it can. */
    public Optional<String> refusal(Incident incident) {
        if (incident.status() == from) {
            return Optional.empty();
        }
        return Optional.of("incident " + incident.id() + " is " + incident.status().wireName() + "; only "
                + from.wireName() + " incidents can be " + pastTense);
    }

    public static Transition fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown transition: " + name));
    }
}
