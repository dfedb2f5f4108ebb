package io.docspaceguard.docspace;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature DocSpace puts on each webhook delivery (docspace-api.md §9.4): header
 * {@code x-docspace-signature-256: sha256=<HEX>}, HEX the HMAC-SHA256 of the raw body keyed with the webhook's
 * secret in UTF-8. DocSpace writes HEX in upper case; either case is accepted, and the comparison is made on the
 * decoded bytes in constant time, so the answer's timing says nothing about how much of a guess was right.
 */
public final class WebhookSignature {
    public static final String HEADER = "x-docspace-signature-256";
    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int DIGEST_BYTES = 32;

    /** What a delivery's signature header says about it. */
    public enum Check {
        VALID, MISSING, MALFORMED, MISMATCH
    }

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** Checks {@code header} (null when the request had none) against the body exactly as it arrived. */
    public Check check(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return Check.MISSING;
        }
        String value = header.strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return Check.MALFORMED;
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Check.MALFORMED;
        }
        if (claimed.length != DIGEST_BYTES) {
            return Check.MALFORMED;
        }
        return MessageDigest.isEqual(claimed, mac(body)) ? Check.VALID : Check.MISMATCH;
    }

    /** The header value DocSpace would send for {@code body}: upper-case hex, as WebhookSender writes it. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().withUpperCase().formatHex(mac(body));
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "WebhookSignature[***]";
    }
}
