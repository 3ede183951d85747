#!/usr/bin/env -S node --max-semi-space-size=16 --max-old-space-size=96
// The compiled CLI; `npm ci` builds it through the `prepare` script.
// The flags cap V8's young and old generations: on a machine with much memory V8 picks 32 MiB
// semi-spaces and lets the old space grow before it collects, and a busy server's peak RSS then
// reached ~250 MiB in one run of two (about 140 MiB with the caps) for no gain in throughput.
//
// CommonJS (bin/package.json), because libuv sizes its thread pool once, on first use, and
// loading an ES module already uses it: set any later, UV_THREADPOOL_SIZE would be ignored and
// the pool would keep libuv's 4 threads whatever the cores. Password hashes take one thread
// per core (src/crypto/passwords.ts); two more stay free for file system, DNS and crypto work.
// An operator's own setting wins.
'use strict';
const { availableParallelism } = require('node:os');

process.env.UV_THREADPOOL_SIZE = String(Number(process.env.UV_THREADPOOL_SIZE) || availableParallelism() + 2);
import('../dist/main.js');
