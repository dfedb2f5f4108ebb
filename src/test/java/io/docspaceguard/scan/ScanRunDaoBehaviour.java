package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ScanRunDaoBehaviour {
    private static final Instant T0 = Instant.parse("2025-05-14T08:00:00Z");
    private static final String INSTANCE = "instance-a";

    private ScanRunDao dao;

    @BeforeEach
    void setUp(Jdbi jdbi) {
        dao = jdbi.onDemand(ScanRunDao.class);
    }

    @Test
    void a_started_scan_is_recorded_as_running_with_its_window() {
        long id = dao.start(ScanRun.started(T0, "api", ScanRun.SCAN, T0.minusSeconds(600), T0.minusSeconds(60), 1),
                INSTANCE);

        assertEquals(List.of(new ScanRun(id, T0, null, "api", ScanRun.SCAN, T0.minusSeconds(600), T0.minusSeconds(60),
                1, 0, 0, 0, 0, 0, 0, ScanRun.RUNNING, null, null, null, null)), dao.recent(10, null));
    }

    @Test
    void finishing_a_scan_records_its_counts_status_and_message() {
        long id = dao.start(ScanRun.started(T0, "schedule", ScanRun.SCAN, T0.minusSeconds(600), T0, 1), INSTANCE);
        dao.progress(id, 1, T0, new ScanRun.Counts(120, 80, 2, 1, 3));

        assertTrue(dao.finish(id, T0.plusSeconds(3), new ScanRun.Counts(120, 80, 2, 1, 3), ScanRun.DEGRADED,
                "plan lacks audit"));

        assertEquals(new ScanRun(id, T0, T0.plusSeconds(3), "schedule", ScanRun.SCAN, T0.minusSeconds(600), T0, 1, 1,
                120, 80, 2, 1, 3, ScanRun.DEGRADED, "plan lacks audit", null, T0, null), dao.get(id).orElseThrow());
    }

    @Test
    void a_failure_message_holding_text_no_column_can_hold_is_still_recorded() {
        long id = dao.start(ScanRun.started(T0, "schedule", ScanRun.SCAN, T0, T0, 1), INSTANCE);

        assertTrue(dao.finish(id, T0, new ScanRun.Counts(0, 0, 0, 0, 0), ScanRun.FAILED,
                "insert of user 'Mal\u0000lory' failed: " + "x".repeat(5_000)));

        ScanRun run = dao.get(id).orElseThrow();
        assertEquals(ScanRun.FAILED, run.status());
        assertTrue(run.message().startsWith("insert of user 'Mal\\u0000lory' failed"), run.message());
        assertEquals(ScanRunDao.MAX_MESSAGE, run.message().length());
    }

    @Test
    void progress_is_recorded_while_a_scan_runs_and_a_cancel_request_is_kept_for_it() {
        long id = dao.start(ScanRun.started(T0, "api", ScanRun.BACKFILL, T0.minusSeconds(7200), T0, 2), INSTANCE);

        dao.progress(id, 1, T0.minusSeconds(3600), new ScanRun.Counts(10, 9, 1, 0, 0));
        assertTrue(dao.requestCancel(id, "rick"));

        ScanRun run = dao.get(id).orElseThrow();
        assertEquals(1, run.chunksDone());
        assertEquals(T0.minusSeconds(3600), run.doneUntil());
        assertEquals(9, run.eventsNew());
        assertEquals(Optional.of("rick"), dao.cancelRequestedBy(id));
        dao.finish(id, T0, new ScanRun.Counts(10, 9, 1, 0, 0), ScanRun.CANCELLED, "cancelled");
        assertFalse(dao.requestCancel(id, "rick"), "a finished scan cannot be cancelled");
    }

    @Test
    void only_the_running_scans_of_the_given_instance_are_interrupted() {
        long gone = dao.start(ScanRun.started(T0, "schedule", ScanRun.SCAN, T0, T0, 1), "gone");
        long alive = dao.start(ScanRun.started(T0, "schedule", ScanRun.SCAN, T0, T0, 1), "alive");
        long finished = dao.start(ScanRun.started(T0, "schedule", ScanRun.SCAN, T0, T0, 1), "gone");
        dao.finish(finished, T0, new ScanRun.Counts(0, 0, 0, 0, 0), ScanRun.OK, null);

        assertEquals(List.of("alive", "gone"), dao.runningInstances().stream().sorted().toList());
        assertEquals(1, dao.interrupt("gone", T0, "stopped"));

        assertEquals(ScanRun.INTERRUPTED, dao.get(gone).orElseThrow().status());
        assertEquals(ScanRun.RUNNING, dao.get(alive).orElseThrow().status());
        assertEquals(ScanRun.OK, dao.get(finished).orElseThrow().status());
    }

    @Test
    void finishing_an_unknown_scan_changes_nothing() {
        assertFalse(dao.finish(404, T0, new ScanRun.Counts(1, 1, 0, 0, 0), ScanRun.OK, null));
    }

    @Test
    void recent_scans_come_newest_first_and_page_by_id() {
        long first = dao.start(ScanRun.started(T0, "schedule", ScanRun.SCAN, T0, T0, 0), INSTANCE);
        long second = dao.start(ScanRun.started(T0, "schedule", ScanRun.SCAN, T0, T0, 0), INSTANCE);
        long third = dao.start(ScanRun.started(T0, "api", ScanRun.SCAN, T0, T0, 0), INSTANCE);

        assertEquals(List.of(third, second), dao.recent(2, null).stream().map(ScanRun::id).toList());
        assertEquals(List.of(first), dao.recent(2, second).stream().map(ScanRun::id).toList());
    }

    @Test
    void an_unknown_trigger_or_kind_is_refused() {
        assertThrows(UnableToExecuteStatementException.class,
                () -> dao.start(ScanRun.started(T0, "cron", ScanRun.SCAN, T0, T0, 0), INSTANCE));
        assertThrows(UnableToExecuteStatementException.class,
                () -> dao.start(ScanRun.started(T0, "api", "sweep", T0, T0, 0), INSTANCE));
    }
}
