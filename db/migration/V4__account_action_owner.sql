-- The instance of the service that performs an account action. While that instance runs, nobody else
-- touches the action; once it is gone (crashed, killed), another instance or the next start reconciles the
-- action from the account's real status. NULL for actions recorded before this column existed.
ALTER TABLE account_action ADD COLUMN owner VARCHAR;
