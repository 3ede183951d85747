/**
 * The ceiling the sign-up and sign-in benchmarks are judged against on this machine: a bare
 * Fastify server whose routes do only the hash-bound work and one write, with nothing of a real
 * flow (no validation, captcha, throttles, audit, session or cookie):
 * - POST /hash   {email, password}: one Argon2id hash, then one row inserted (SQLite, WAL,
 *                as the server writes an account: the commit does not wait for the disk and
 *                never runs a checkpoint) → 201
 * - POST /verify {password}: one Argon2id verification against a stored hash → 200 or 401
 * Same hashing code and threads (src/crypto/passwords.ts) as the real server. Started by
 * bench/lib/bare-route.ts; PORT and DATA_DIR come from the environment.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { hashPassword, verifyPassword } from '../../src/crypto/passwords.js';

const dataDir = process.env.DATA_DIR;
const port = Number(process.env.PORT);
if (!dataDir || !port) throw new Error('DATA_DIR and PORT are required');

const sqlite = new SQLite(path.join(dataDir, 'bare.db'));
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
// The server checkpoints on a worker thread (src/db/background-checkpoint.ts); a bench's few
// thousand rows need none at all.
sqlite.pragma('wal_autocheckpoint = 0');
sqlite.exec(
  'create table if not exists accounts (id text primary key, email text unique, password_hash text)',
);
const insert = sqlite.prepare('insert into accounts (id, email, password_hash) values (?, ?, ?)');
const storedHash = await hashPassword('bench correct horse battery staple');

const app = Fastify();
app.post<{ Body: { email: string; password: string } }>('/hash', async (request, reply) => {
  const passwordHash = await hashPassword(request.body.password);
  insert.run(randomUUID(), request.body.email, passwordHash);
  return reply.code(201).send({ ok: true });
});
app.post<{ Body: { password: string } }>('/verify', async (request, reply) => {
  const ok = await verifyPassword(storedHash, request.body.password);
  return reply.code(ok ? 200 : 401).send({ ok });
});
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void app.close().then(() => {
    sqlite.close();
    process.exit(0);
  });
});
