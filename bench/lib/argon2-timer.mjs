/**
 * Loaded with `node --import` into a server that a diagnostic benchmark starts: it replaces
 * @node-rs/argon2 with a stand-in (bench/lib/argon2-timer-standin.cjs) whose hashes and
 * verifications wait ARGON2_TIMER_MS milliseconds and accept every password. The server then
 * does all of a login's work except the hash, with the hashing thread asleep as long as a hash
 * would keep it busy. Both ways the library is loaded are redirected: the ES module import of the
 * server's code, and the path the hashing threads require (resolved in the main thread).
 * Never used by the product or its tests.
 */
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const standIn = new URL('./argon2-timer-standin.cjs', import.meta.url);
const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === '@node-rs/argon2') return { url: ${JSON.stringify(standIn.href)}, shortCircuit: true };
  return next(specifier, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@node-rs/argon2') return fileURLToPath(standIn);
  return resolveFilename.call(this, request, ...rest);
};
