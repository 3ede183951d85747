export interface SessionTable {
  /** SHA-256 (hex) of the session token; the token itself is never stored. */
  id_hash: string;
  account_id: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute end of life, epoch ms. */
  expires_at: number;
  idle_timeout_ms: number;
  remember: number;
  ip: string | null;
  user_agent: string | null;
  revoked_at: number | null;
  /** The account's session epoch when the session began; a bumped epoch ends it. */
  epoch: number;
}

/**
 * One row per account whose sessions were ever ended all at once. A session is alive only while
 * its epoch equals this one (missing row: 0), so "end every session" is one write inside the
 * caller's transaction, and holds for sessions kept in Redis too.
 */
export interface SessionEpochTable {
  account_id: string;
  epoch: number;
}

export interface SessionTables {
  sessions: SessionTable;
  session_epochs: SessionEpochTable;
}
