import type { Kysely } from 'kysely';
import { type InsertRow, precompiledInsert } from '../db/precompiled.js';
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
  await insertEvents.execute(db, events.map(auditRow));
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

// Built once per number of events (src/db/precompiled.ts): every login records one.
const insertEvents = precompiledInsert('audit_log', auditColumns);

function auditRow(event: AuditEvent): InsertRow<'audit_log', (typeof auditColumns)[number]> {
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
