/**
 * Loaded with `node --import` into a server that a diagnostic benchmark starts: it replaces
 * @node-rs/argon2 with a stand-in whose verify() waits ARGON2_TIMER_MS milliseconds on a timer
 * and accepts, and whose hash() returns a fixed string. The server then does all of a login's
 * work except the hash, with its thread asleep as long as a hash would keep it waiting.
 * Never used by the product or its tests.
 */
import { register } from 'node:module';

const standIn = `
export const Algorithm = { Argon2d: 0, Argon2i: 1, Argon2id: 2 };
const waitMs = Number(process.env.ARGON2_TIMER_MS ?? 15);
export async function hash() {
  return '$argon2id$v=19$m=19456,t=2,p=1$c3RhbmQtaW4tc2FsdA$' + 'A'.repeat(43);
}
export function verify() {
  return waitMs > 0 ? new Promise((resolve) => setTimeout(() => resolve(true), waitMs)) : Promise.resolve(true);
}
`;
const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === '@node-rs/argon2')
    return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(standIn)}), shortCircuit: true };
  return next(specifier, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
