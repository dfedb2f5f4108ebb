package io.docspaceguard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    static final ApiToken VERA = new ApiToken("vera", Role.VIEWER, "viewer-token-0123456789");
    static final ApiToken ADA = new ApiToken("ada", Role.ADMIN, "admin-token-0123456789abc");
    private final Authenticator auth = new Authenticator(List.of(VERA, ADA));

    @Test
    void a_bearer_token_names_the_caller_it_belongs_to() {
        assertEquals(Optional.of(VERA), auth.identify("Bearer viewer-token-0123456789"));
        assertEquals(Optional.of(ADA), auth.identify("Bearer admin-token-0123456789abc"));
    }

    @Test
    void an_unknown_token_or_a_prefix_of_a_known_one_names_nobody() {
        assertTrue(auth.identify("Bearer viewer-token-012345678").isEmpty());
        assertTrue(auth.identify("Bearer viewer-token-0123456789x").isEmpty());
        assertTrue(auth.identify("Bearer ").isEmpty());
        assertTrue(auth.identify(null).isEmpty());
    }

    @Test
    void a_known_token_under_another_scheme_names_nobody() {
        assertTrue(auth.identify("Token viewer-token-0123456789").isEmpty());
        assertTrue(auth.identify("Basic dmVyYTp2aWV3ZXItdG9rZW4tMDEyMzQ1Njc4OQ==").isEmpty());
        assertTrue(auth.identify("viewer-token-0123456789").isEmpty());
    }

    @Test
    void the_bearer_scheme_is_matched_in_any_case_as_http_requires() {
        assertEquals(Optional.of(VERA), auth.identify("bearer viewer-token-0123456789"));
        assertEquals(Optional.of(VERA), auth.identify("BEARER viewer-token-0123456789"));
    }
}
