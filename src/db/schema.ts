import type { AccountTables } from '../accounts/schema.js';
import type { AuditTables } from '../audit/schema.js';
import type { CourierTables } from '../courier/schema.js';
import type { FlowTables } from '../flows/schema.js';
import type { RateLimitTables } from '../rate-limit/schema.js';
import type { SessionTables } from '../sessions/schema.js';
import type { SupportTables } from '../support/schema.js';

/** The whole database as Kysely sees it; each module declares its own tables. */
export interface DatabaseSchema
  extends AuditTables,
    RateLimitTables,
    CourierTables,
    AccountTables,
    SessionTables,
    FlowTables,
    SupportTables {}
