-- What the rule measured an incident against, for the console's chart: the distinct-file limit the rule
-- states and the window its activity kind declares (@expires), both taken from the rule set that opened
-- the incident. NULL for incidents opened before this migration or by rules that count no windowed files.
ALTER TABLE incident ADD COLUMN threshold INT;
ALTER TABLE incident ADD COLUMN window_millis BIGINT;
