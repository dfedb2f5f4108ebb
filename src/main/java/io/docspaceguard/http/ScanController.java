package io.docspaceguard.http;

import io.docspaceguard.scan.ScanReport;
import io.docspaceguard.scan.ScanRun;
import io.docspaceguard.scan.ScanRunDao;
import io.docspaceguard.scan.Scanner;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Scans on demand (with an optional backfill window) and the list of recent scans. */
final class ScanController {
    /** Optional body of POST /api/scans: both bounds, or neither. */
    record ScanRequest(String from, String to) {
    }

    private final Scanner scanner;
    private final Jdbi jdbi;

    ScanController(Scanner scanner, Jdbi jdbi) {
        this.scanner = scanner;
        this.jdbi = jdbi;
    }

    void start(Context ctx) {
        ScanRequest request = Bodies.object(ctx, ScanRequest.class).orElse(new ScanRequest(null, null));
        ScanReport report;
        if (request.from() == null && request.to() == null) {
            report = scanner.scan(Scanner.Trigger.API);
        } else if (request.from() == null || request.to() == null) {
            throw ApiException.badRequest("a backfill needs both from and to");
        } else {
            Instant from = Params.instant("from", request.from());
            Instant to = Params.instant("to", request.to());
            if (!from.isBefore(to)) {
                throw ApiException.badRequest("from must be before to");
            }
            report = scanner.backfill(from, to, Scanner.Trigger.API);
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

    void list(Context ctx) {
        Long limit = Params.number(ctx, "limit", 1, 200);
        Long cursor = Params.number(ctx, "cursor", 1, Long.MAX_VALUE);
        int size = limit == null ? 20 : limit.intValue();
        ctx.json(Page.of(jdbi.onDemand(ScanRunDao.class).recent(size + 1, cursor), size, ScanRun::id));
    }

    /** A scan that could not reach or use DocSpace is a bad gateway, with the report as details. */
    private static void answer(Context ctx, ScanReport report) {
        if (ScanRun.FAILED.equals(report.status())) {
            throw new ApiException(502, "scan_failed", report.message(), Map.of("scan", report), null);
        }
        ctx.json(report);
    }
}
