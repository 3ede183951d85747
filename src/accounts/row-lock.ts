import type { Db } from '../db/database.js';

/** Which account to hold: by id, by login email (normalised), or by an activation link's hash. */
export type AccountMatch =
  | { readonly id: string }
  | { readonly emailNormalized: string }
  | { readonly activationTokenHash: string };

/**
 * Takes an account's row until the transaction ends, changing nothing (PostgreSQL: a row lock;
 * SQLite has one writer anyway), and returns what the flows decide on. Every flow that writes an
 * account's codes, links or sessions takes it first: two requests on one account then run one
 * after the other, each seeing what the other committed, and never deadlock.
 */
export function holdAccountRow(trx: Db, match: AccountMatch) {
  return trx
    .updateTable('accounts')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where((eb) =>
      'id' in match
        ? eb('id', '=', match.id)
        : 'emailNormalized' in match
          ? eb('email_normalized', '=', match.emailNormalized)
          : eb(
              'id',
              '=',
              eb
                .selectFrom('email_activations')
                .select('account_id')
                .where('token_hash', '=', match.activationTokenHash),
            ),
    )
    .returning(['id', 'status', 'phone', 'phone_verified_at', 'email_verified_at'])
    .executeTakeFirst();
}
