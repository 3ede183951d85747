import type { RecoveryTables } from './recovery/schema.js';
import type { RegistrationTables } from './registration/tables.js';

/**
 * Tables owned by the flows (verification codes, activation and reset tokens).
 * Each flow adds its own interface to this extends list and its own migration file.
 */
export interface FlowTables extends RegistrationTables, RecoveryTables {}
