#!/usr/bin/env -S node --max-semi-space-size=16 --max-old-space-size=96
// The compiled CLI; `npm ci` builds it through the `prepare` script.
// The flags cap V8's young and old generations: on a machine with much memory V8 picks 32 MiB
// semi-spaces and lets the old space grow before it collects, and a busy server's peak RSS then
// reached ~250 MiB in one run of two (about 140 MiB with the caps) for no gain in throughput.
'use strict';
import('../dist/main.js');
