import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountStatus } from '../accounts/schema.js';
import { FlowError } from './flow-error.js';

/** Where an account in each status continues. */
export function stepPath(status: AccountStatus): string {
  if (status === 'pending_phone') return '/register/phone';
  if (status === 'pending_email') return '/register/email';
  return '/account';
}

/**
 * Pages of a sign-up step need a viewer in that status: no viewer goes to log in (and comes
 * back), any other status to its own step. Returns true when it has answered.
 */
export async function redirectUnlessAt(
  request: FastifyRequest,
  reply: FastifyReply,
  allowed: readonly AccountStatus[],
): Promise<boolean> {
  const { viewer } = request;
  if (!viewer) {
    reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    return true;
  }
  // The viewer may come from a cache a second old; a step just done must not bounce back.
  const status = await currentStatus(request, viewer.accountId);
  if (!allowed.includes(status)) {
    reply.redirect(stepPath(status), 303);
    return true;
  }
  return false;
}

async function currentStatus(request: FastifyRequest, accountId: string): Promise<AccountStatus> {
  const row = await request.server.services.db
    .selectFrom('accounts')
    .select(['status'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.status ?? 'closed';
}

/** After a step changed the account's status: cached viewers must not keep the old one. */
export function forgetCachedViewer(request: FastifyRequest, accountId: string): void {
  request.server.sessions?.cache.forgetAccount(accountId);
}

/** The API's version: the viewer's account id, or an error with a stable code. */
export async function apiViewerAt(
  request: FastifyRequest,
  allowed: readonly AccountStatus[],
): Promise<{ accountId: string; status: AccountStatus }> {
  const { viewer } = request;
  if (!viewer) throw new FlowError('NOT_SIGNED_IN', 401, 'flow.notSignedIn');
  const status = await currentStatus(request, viewer.accountId);
  if (!allowed.includes(status)) throw new FlowError('WRONG_STEP', 409, 'flow.wrongStep');
  return { accountId: viewer.accountId, status };
}
