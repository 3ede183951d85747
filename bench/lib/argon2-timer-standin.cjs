// The stand-in for @node-rs/argon2 that bench/lib/argon2-timer.mjs puts in place: every hash and
// verification takes ARGON2_TIMER_MS milliseconds of waiting (no CPU) and every password is
// accepted. Only what the server uses: the synchronous calls its hashing threads make, and the
// names its own code imports.
'use strict';
const waitMs = Number(process.env.ARGON2_TIMER_MS ?? 15);
const fixedHash = `$argon2id$v=19$m=19456,t=2,p=1$c3RhbmQtaW4tc2FsdA$${'A'.repeat(43)}`;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = () => {
  if (waitMs > 0) Atomics.wait(sleeper, 0, 0, waitMs);
};
exports.Algorithm = { Argon2d: 0, Argon2i: 1, Argon2id: 2 };
// Refusing to parse sends every check down the plain verify path.
exports.parseOptions = () => {
  throw new Error('the stand-in parses no hash');
};
exports.hashSync = () => {
  sleep();
  return fixedHash;
};
exports.verifySync = () => {
  sleep();
  return true;
};
