// Sizes libuv's thread pool: a thread for each of the cores + 1 password hashes that run at once
// (src/crypto/passwords.ts), and two more for file system, DNS and crypto work. An operator's own UV_THREADPOOL_SIZE wins.
//
// CommonJS, loaded before anything else (required by bin/gatehouse.js, `--require`d by
// `npm run dev` and the benchmarks' bare server): libuv sizes the pool once, on first use, and
// loading an ES module already uses it, so a value set from an ES module is ignored and the pool
// keeps libuv's 4 threads whatever the cores.
'use strict';
const { availableParallelism } = require('node:os');

process.env.UV_THREADPOOL_SIZE = String(Number(process.env.UV_THREADPOOL_SIZE) || availableParallelism() + 3);
