-- Scans survive crashes, show their progress and can be cancelled:
--   instance_id   the instance running the scan; a scan whose instance is gone is closed as 'interrupted'
--   kind          'scan' (from the checkpoint) or 'backfill' (an explicit window; leaves the checkpoint alone)
--   chunks_total, chunks_done  how far a scan has come through its window, read in chunks
--   cancel_requested_by        who asked a running scan to stop; it stops after the chunk it is in
ALTER TABLE scan_run ADD COLUMN instance_id VARCHAR;
ALTER TABLE scan_run ADD COLUMN kind VARCHAR DEFAULT 'scan' NOT NULL;
ALTER TABLE scan_run ADD COLUMN chunks_total INT DEFAULT 0 NOT NULL;
ALTER TABLE scan_run ADD COLUMN chunks_done INT DEFAULT 0 NOT NULL;
ALTER TABLE scan_run ADD COLUMN cancel_requested_by VARCHAR;
ALTER TABLE scan_run DROP CONSTRAINT scan_run_status_known;
ALTER TABLE scan_run ADD CONSTRAINT scan_run_status_known
    CHECK (status IN ('running', 'ok', 'degraded', 'failed', 'interrupted', 'cancelled'));
ALTER TABLE scan_run ADD CONSTRAINT scan_run_kind_known CHECK (kind IN ('scan', 'backfill'));
-- "Which scans are still running?" at start-up and on every scheduled scan.
CREATE INDEX scan_run_status ON scan_run (status, id);
