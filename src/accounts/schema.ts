import type { Generated } from 'kysely';

export type AccountKind = 'person' | 'company';
/** Sign-up moves an account pending_phone → pending_email → active. */
export type AccountStatus = 'pending_phone' | 'pending_email' | 'active' | 'locked' | 'closed';

export interface AccountTable {
  id: string;
  kind: AccountKind;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  company_id: string | null;
  vat_id: string | null;
  /** As the customer typed it (trimmed). */
  email: string;
  /** Lower-cased, NFKC-normalised: the unique login key (`shadow <id>` for a shadow account). */
  email_normalized: string;
  /** A shadow account's claimed email, normalised; null for every other account. */
  shadow_of: string | null;
  /** E.164. */
  phone: string;
  password_hash: string;
  status: AccountStatus;
  locale: string;
  marketing_consent: number;
  phone_verified_at: number | null;
  email_verified_at: number | null;
  password_changed_at: number;
  created_at: number;
  updated_at: number;
}

export interface ConsentTable {
  id: Generated<number>;
  account_id: string;
  /** 'terms' | 'privacy' | 'marketing' */
  document: string;
  version: string;
  accepted_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface AccountTables {
  accounts: AccountTable;
  consents: ConsentTable;
}
