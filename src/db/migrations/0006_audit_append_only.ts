import { sql } from 'kysely';
import type { VersionedMigration } from './index.js';

/**
 * The database itself refuses to change or remove an audit event, so neither a bug nor a stolen
 * application credential can rewrite history through the app's own connection. Removing old
 * events after their retention period is a deliberate operator step (docs/operations.md).
 */
export const auditAppendOnly: VersionedMigration = {
  name: '0006_audit_append_only',
  async up(db, engine) {
    if (engine === 'postgres') {
      await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
        end $$`.execute(db);
      await sql`create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function audit_log_append_only()`.execute(db);
      await sql`create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function audit_log_append_only()`.execute(db);
      return;
    }
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  },
};
