import { ConnectorRefusedError, ErpUnavailableError } from '../connector-errors';

/**
 * Whether an error while ingesting one record stops the whole poll (cursor kept, the next poll
 * reads the same records again) instead of being recorded on that record. Only errors that say
 * nothing about the record do: the ERP cannot be reached (every record would fail the same way,
 * and skipping them would only fill the retry list) or the connection must not run (key revoked,
 * a competing submitter). Anything else is the record's own trouble: recorded on it and tried
 * again at later polls, so one bad record never holds back the records after it.
 */
export function abortsPoll(err: unknown): boolean {
  return err instanceof ErpUnavailableError || err instanceof ConnectorRefusedError;
}
