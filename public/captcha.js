// Registers the SHA proof-of-work worker with the ALTCHA widget (the CSP-friendly build ships
// without bundled workers). The worker file comes from our own origin: worker-src 'self'.
(() => {
  const altcha = globalThis.$altcha;
  if (!altcha) return;
  for (const name of ['SHA-256', 'SHA-384', 'SHA-512']) {
    altcha.algorithms.set(name, () => new Worker('/captcha/worker-sha.js'));
  }
})();
