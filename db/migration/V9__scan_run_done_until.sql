-- Backfills are read in slices, several at once, and resumable:
--   done_until  the end of the last slice that is stored and evaluated with every slice before it; a backfill
--               that stopped (crash, failure, cancel) continues from here (POST /api/scans/{id}/resume)
--   resumes     the scan this one continues, if any
ALTER TABLE scan_run ADD COLUMN done_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE scan_run ADD COLUMN resumes BIGINT;
