import type { Db } from '../db/database.js';

/**
 * Takes an account's row until the transaction ends, changing nothing (PostgreSQL: a row lock;
 * SQLite has one writer anyway), and returns its step and phone. Every flow that writes an
 * account's codes, links or sessions takes it first: two requests on one account then run one
 * after the other, each seeing what the other committed, and never deadlock.
 */
export function holdAccountRow(trx: Db, accountId: string) {
  return trx
    .updateTable('accounts')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', accountId)
    .returning(['status', 'phone'])
    .executeTakeFirst();
}
