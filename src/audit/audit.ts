import type { Insertable, Kysely } from 'kysely';
import { precompile } from '../db/precompiled.js';
import type { DatabaseSchema } from '../db/schema.js';
import type { AuditLogTable } from './schema.js';

export interface AuditEvent {
  readonly at: number;
  readonly actorType: AuditLogTable['actor_type'];
  readonly actorId?: string | null;
  readonly accountId?: string | null;
  /** Dotted, stable name such as `login.failed` or `registration.created`. */
  readonly action: string;
  readonly outcome: AuditLogTable['outcome'];
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  /** Never a password, code, token or cookie: this table is read by staff. */
  readonly details?: Record<string, string | number | boolean | null>;
}

const forbiddenDetailKeys = /pass|code|token|secret|cookie|hash/i;

/**
 * Appends one security event. Pass the flow's transaction so the event and the change
 * commit or roll back together. The table is only ever inserted into.
 */
export function recordAuditEvent(db: Kysely<DatabaseSchema>, event: AuditEvent): Promise<void> {
  return recordAuditEvents(db, [event]);
}

/** Appends several events in one statement (a flow that records two at once). */
export async function recordAuditEvents(
  db: Kysely<DatabaseSchema>,
  events: readonly AuditEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(auditRow);
  // One event (most flows, every login) has a query built once; several, one built for them.
  if (rows.length === 1) await insertOneEvent.execute(db, rows[0]!);
  else await db.insertInto('audit_log').values(rows).execute();
}

function auditRow(
  event: AuditEvent,
): Insertable<AuditLogTable> & Record<(typeof auditColumns)[number], unknown> {
  for (const key of Object.keys(event.details ?? {})) {
    if (forbiddenDetailKeys.test(key)) throw new Error(`audit detail "${key}" looks like a secret`);
  }
  return {
    at: event.at,
    actor_type: event.actorType,
    actor_id: event.actorId ?? null,
    account_id: event.accountId ?? null,
    action: event.action,
    outcome: event.outcome,
    ip: event.ip ?? null,
    user_agent: event.userAgent?.slice(0, 512) ?? null,
    details: event.details ? JSON.stringify(event.details) : null,
  };
}

const auditColumns = [
  'at',
  'actor_type',
  'actor_id',
  'account_id',
  'action',
  'outcome',
  'ip',
  'user_agent',
  'details',
] as const;

const insertOneEvent = precompile(auditColumns, (db, p) => db.insertInto('audit_log').values(p));
