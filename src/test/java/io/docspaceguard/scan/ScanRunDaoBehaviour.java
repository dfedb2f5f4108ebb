package io.docspaceguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ScanRunDaoBehaviour {
    private static final Instant T0 = Instant.parse("2025-05-14T08:00:00Z");

    private ScanRunDao dao;

    @BeforeEach
    void setUp(Jdbi jdbi) {
        dao = jdbi.onDemand(ScanRunDao.class);
    }

    @Test
    void a_started_scan_is_recorded_as_running_with_its_window() {
        long id = dao.start(ScanRun.started(T0, "api", T0.minusSeconds(600), T0.minusSeconds(60)));

        assertEquals(List.of(new ScanRun(id, T0, null, "api", T0.minusSeconds(600), T0.minusSeconds(60),
                0, 0, 0, 0, 0, ScanRun.RUNNING, null)), dao.recent(10, null));
    }

    @Test
    void finishing_a_scan_records_its_counts_status_and_message() {
        long id = dao.start(ScanRun.started(T0, "schedule", T0.minusSeconds(600), T0));

        assertTrue(dao.finish(id, T0.plusSeconds(3), new ScanRun.Counts(120, 80, 2, 1, 3), ScanRun.DEGRADED,
                "plan lacks audit"));

        assertEquals(new ScanRun(id, T0, T0.plusSeconds(3), "schedule", T0.minusSeconds(600), T0,
                120, 80, 2, 1, 3, ScanRun.DEGRADED, "plan lacks audit"), dao.recent(1, null).get(0));
    }

    @Test
    void finishing_an_unknown_scan_changes_nothing() {
        assertFalse(dao.finish(404, T0, new ScanRun.Counts(1, 1, 0, 0, 0), ScanRun.OK, null));
    }

    @Test
    void recent_scans_come_newest_first_and_page_by_id() {
        long first = dao.start(ScanRun.started(T0, "schedule", T0, T0));
        long second = dao.start(ScanRun.started(T0, "schedule", T0, T0));
        long third = dao.start(ScanRun.started(T0, "api", T0, T0));

        assertEquals(List.of(third, second), dao.recent(2, null).stream().map(ScanRun::id).toList());
        assertEquals(List.of(first), dao.recent(2, second).stream().map(ScanRun::id).toList());
    }

    @Test
    void an_unknown_trigger_kind_is_refused() {
        assertThrows(UnableToExecuteStatementException.class,
                () -> dao.start(ScanRun.started(T0, "cron", T0, T0)));
    }
}
