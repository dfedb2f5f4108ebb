package io.docspaceguard.docspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The signature DocSpace puts on webhook deliveries, checked over the raw body. */
class WebhookSignatureTest {
    // RFC 4231, test case 2: HMAC-SHA256 with key "Jefe" over "what do ya want for nothing?".
    private static final WebhookSignature JEFE = new WebhookSignature("Jefe");
    private static final byte[] QUESTION = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    private static final String DIGEST = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    private static final WebhookSignature DOCSPACE = new WebhookSignature("a-shared-secret-of-docspace");
    private static final byte[] BODY = "{\"event\":{\"id\":1532,\"trigger\":\"file.updated\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void a_good_signature_in_upper_case_hex_as_docspace_sends_it_is_valid() {
        assertEquals(WebhookSignature.Check.VALID, JEFE.check("sha256=" + DIGEST.toUpperCase(Locale.ROOT), QUESTION));
    }

    @Test
    void a_good_signature_in_lower_case_hex_is_valid_too() {
        assertEquals(WebhookSignature.Check.VALID, JEFE.check("sha256=" + DIGEST, QUESTION));
    }

    @Test
    void signing_writes_upper_case_hex_as_docspace_does() {
        assertEquals("sha256=" + DIGEST.toUpperCase(Locale.ROOT), JEFE.sign(QUESTION));
    }

    @Test
    void a_missing_signature_is_reported_as_missing() {
        assertEquals(WebhookSignature.Check.MISSING, DOCSPACE.check(null, BODY));
        assertEquals(WebhookSignature.Check.MISSING, DOCSPACE.check("  ", BODY));
    }

    @Test
    void a_bad_signature_does_not_match() {
        assertEquals(WebhookSignature.Check.MISMATCH, DOCSPACE.check("sha256=" + DIGEST, BODY));
    }

    @Test
    void a_signature_made_with_another_secret_does_not_match() {
        String signed = new WebhookSignature("another-secret-entirely").sign(BODY);

        assertEquals(WebhookSignature.Check.MISMATCH, DOCSPACE.check(signed, BODY));
    }

    @Test
    void a_body_altered_after_signing_does_not_match() {
        String signed = DOCSPACE.sign(BODY);
        byte[] altered = new String(BODY, StandardCharsets.UTF_8).replace("1532", "1533")
                .getBytes(StandardCharsets.UTF_8);

        assertEquals(WebhookSignature.Check.MISMATCH, DOCSPACE.check(signed, altered));
    }

    @Test
    void a_replayed_delivery_carries_a_valid_signature_each_time_so_replays_are_handled_by_the_delivery_id() {
        String signed = DOCSPACE.sign(BODY);

        assertEquals(WebhookSignature.Check.VALID, DOCSPACE.check(signed, BODY));
        assertEquals(WebhookSignature.Check.VALID, DOCSPACE.check(signed, BODY.clone()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "sha1=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "sha256=5bdcc146", "sha256=zz", "sha256=",
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843ff"})
    void a_header_that_is_not_sha256_and_64_hex_digits_is_malformed(String header) {
        assertEquals(WebhookSignature.Check.MALFORMED, DOCSPACE.check(header, BODY));
    }

    @Test
    void the_prefix_is_read_in_any_case_and_surrounding_spaces_are_ignored() {
        assertEquals(WebhookSignature.Check.VALID, JEFE.check(" SHA256=" + DIGEST + " ", QUESTION));
    }

    @Test
    void the_secret_is_never_shown() {
        assertFalse(DOCSPACE.toString().contains("shared-secret"));
    }
}
