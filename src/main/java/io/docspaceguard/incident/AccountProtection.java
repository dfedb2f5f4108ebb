package io.docspaceguard.incident;

import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.Person;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which accounts are never disabled: those listed in GUARD_PROTECTED_USERS, the service's own
 * account, the portal owner and DocSpace admins. The configured list and the service's own id are checked
 * before DocSpace is asked anything about the user; owner and admin need a read of the account.
 */
public final class AccountProtection {
    private final DocSpaceClient docSpace;
    private final Set<String> configured;
    private volatile String selfId;

    public AccountProtection(DocSpaceClient docSpace, Set<String> configured) {
        this.docSpace = docSpace;
        this.configured = configured;
    }

    /** Why this account must not be disabled, or empty when it may be. */
    Optional<String> reasonNotToDisable(String userId) {
        String id = userId.toLowerCase(Locale.ROOT);
        if (configured.contains(id)) {
            return Optional.of("the account is listed in GUARD_PROTECTED_USERS");
        }
        if (id.equals(selfId())) {
            return Optional.of("the account is the service's own DocSpace account");
        }
        Person person = docSpace.person(id);
        if (person.owner()) {
            return Optional.of("the account is the portal owner");
        }
        if (person.admin()) {
            return Optional.of("the account is a DocSpace admin");
        }
        return Optional.empty();
    }

    /**
     * Whether the account is the service's own: its recovery writes (restored versions, renames) are in the audit
     * trail like anyone's and must not make it a suspect. False when DocSpace cannot say now.
     */
    public boolean isServiceAccount(String userId) {
        try {
            return userId != null && userId.toLowerCase(Locale.ROOT).equals(selfId());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String selfId() {
        if (selfId == null) {
            selfId = docSpace.self().id().toLowerCase(Locale.ROOT);
        }
        return selfId;
    }
}
