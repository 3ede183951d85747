import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  /** Epoch milliseconds, UTC. */
  at: number;
  actor_type: 'customer' | 'staff' | 'system' | 'anonymous';
  actor_id: string | null;
  account_id: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  ip: string | null;
  user_agent: string | null;
  /** JSON object with non-secret details. */
  details: string | null;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
