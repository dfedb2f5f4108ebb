package io.docspaceguard.http;

import io.docspaceguard.docspace.WebhookDelivery;
import io.docspaceguard.docspace.WebhookSignature;
import io.docspaceguard.scan.WebhookReceiver;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * POST /api/webhooks/docspace: DocSpace's webhook deliveries. DocSpace cannot send our bearer token, so the
 * credential is the shared secret: the signature over the raw body is checked before anything is read from it.
 * Every delivery that is signed and well-formed is answered 200, a replay and an unused trigger too, so that
 * DocSpace stops retrying it.
 */
final class WebhookController {
    /** What the receiver did with a delivery. */
    record ReceiptJson(String result, long deliveryId, int incidentsOpened, int incidentsExtended) {
    }

    private final WebhookSignature signature;
    private final WebhookReceiver receiver;

    WebhookController(WebhookSignature signature, WebhookReceiver receiver) {
        this.signature = signature;
        this.receiver = receiver;
    }

    void receive(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        switch (signature.check(ctx.header(WebhookSignature.HEADER), body)) {
            case VALID -> { }
            case MISSING -> throw unauthorized("the " + WebhookSignature.HEADER + " header is missing");
            case MALFORMED -> throw unauthorized("the " + WebhookSignature.HEADER
                    + " header must be sha256= and 64 hexadecimal digits");
            case MISMATCH -> throw unauthorized("the " + WebhookSignature.HEADER + " signature does not match the "
                    + "body; the webhook's secret key in DocSpace must equal GUARD_WEBHOOK_SECRET");
        }
        WebhookReceiver.Receipt receipt;
        WebhookDelivery delivery;
        try {
            delivery = WebhookDelivery.parse(new String(body, StandardCharsets.UTF_8));
            receipt = receiver.receive(delivery);
        } catch (WebhookDelivery.MalformedException e) {
            throw ApiException.badRequest("not a DocSpace webhook delivery: " + e.getMessage());
        }
        ctx.json(new ReceiptJson(receipt.result().name().toLowerCase(Locale.ROOT), delivery.id(), receipt.opened(),
                receipt.extended()));
    }

    private static ApiException unauthorized(String title) {
        return new ApiException(401, "bad_signature", title);
    }
}
