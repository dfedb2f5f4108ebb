package io.docspaceguard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.docspaceguard.scan.ScanReport;
import io.docspaceguard.scan.ScanRun;
import io.docspaceguard.scan.Scanner;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;

/** Scans on demand (with an optional backfill window) and the list of recent scans. */
final class ScanController {
    /** Optional body of POST /api/scans: both bounds, or neither. */
    record ScanRequest(String from, String to) {
    }

    private final Scanner scanner;

    ScanController(Scanner scanner) {
        this.scanner = scanner;
    }

    void start(Context ctx) throws JsonProcessingException {
        ScanRequest request = Bodies.object(ctx, ScanRequest.class).orElse(new ScanRequest(null, null));
        ScanReport report;
        if (request.from() == null && request.to() == null) {
            report = scanner.scan(Scanner.Trigger.API);
        } else if (request.from() == null || request.to() == null) {
            throw ApiException.badRequest("a backfill needs both from and to");
        } else {
            Instant from = Params.instant("from", request.from());
            Instant to = Params.instant("to", request.to());
            try {
                report = scanner.backfill(from, to, Scanner.Trigger.API);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        answer(ctx, report);
    }

    /** The old script's endpoint: a GET that runs a scan and answers {"status":"ok"}. */
    void legacy(Context ctx) {
        ScanReport report = scanner.scan(Scanner.Trigger.API);
        if (ScanRun.FAILED.equals(report.status())) {
            answer(ctx, report);
        } else {
            ctx.json(Map.of("status", report.status(), "scan", report));
        }
    }

    /** One scan, with its progress while it runs. */
    void get(Context ctx) {
        long id = Params.pathId(ctx);
        ctx.json(scanner.get(id).orElseThrow(() -> ApiException.notFound("no scan " + id)));
    }

    /** Asks a running scan to stop after its current chunk; answers the scan as it stands. */
    void cancel(Context ctx) {
        ctx.json(scanner.cancel(Params.pathId(ctx), ctx.attribute(Authenticator.ACTOR)));
    }

    /** Continues a stopped backfill from its last chunk done; answers when done, as a backfill does. */
    void resume(Context ctx) {
        answer(ctx, scanner.resume(Params.pathId(ctx), Scanner.Trigger.API));
    }

    void list(Context ctx) {
        Long limit = Params.number(ctx, "limit", 1, 200);
        Long cursor = Params.number(ctx, "cursor", 1, Long.MAX_VALUE);
        int size = limit == null ? 20 : limit.intValue();
        ctx.json(Page.of(scanner.recent(size + 1, cursor), size, ScanRun::id));
    }

    /** A scan that could not reach or use DocSpace is a bad gateway, with the report as details. */
    private static void answer(Context ctx, ScanReport report) {
        if (ScanRun.FAILED.equals(report.status())) {
            throw new ApiException(502, "scan_failed", report.message(), Map.of("scan", report), null);
        }
        ctx.json(report);
    }
}
