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
}

export interface SessionTables {
  sessions: SessionTable;
}
