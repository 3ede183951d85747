import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueSms } from '../../src/courier/outbox.js';
import { runCourierUntilIdle } from '../helpers/courier.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

interface GatewayRequest {
  readonly body: { to: string; text: string; reference: string };
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
}

describe('courier: SMS through an HTTP gateway', () => {
  let gateway: Server;
  let requests: GatewayRequest[];
  let answer: { status: number; body: string };
  let t: TestApp;

  beforeEach(async () => {
    requests = [];
    answer = { status: 200, body: '{"id":"gw-1"}' };
    gateway = createServer(async (request, response) => {
      const body = JSON.parse(await readBody(request));
      requests.push({
        body,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
      });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as AddressInfo;
    t = await buildTestApp({ env: { SMS_URL: `http://acme:s3cret@127.0.0.1:${port}/sms` } });
  });
  afterEach(async () => {
    await t.close();
    gateway.closeAllConnections();
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
  });

  const queue = (to: string, text: string) =>
    enqueueSms(t.db, { template: 'test.sms', locale: 'en', to, now: t.clock.now(), content: { text } });
  const row = (id: string) =>
    t.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('posts the documented JSON and keeps the gateway id on a 2xx answer', async () => {
    const id = await queue('+420601123456', 'Your code is 123456');
    expect((await runCourierUntilIdle(t.services)).sent).toBe(1);
    expect(requests).toEqual([
      {
        body: { to: '+420601123456', text: 'Your code is 123456', reference: id },
        authorization: `Basic ${Buffer.from('acme:s3cret').toString('base64')}`,
        contentType: 'application/json',
      },
    ]);
    const sent = await row(id);
    expect(sent.status).toBe('sent');
    expect(sent.provider_message_id).toBe('gw-1');
  });

  it('fails the message on a 4xx answer', async () => {
    answer = { status: 422, body: '{"error":"invalid number"}' };
    const id = await queue('+420601123456', 'Your code is 123456');
    expect((await runCourierUntilIdle(t.services)).failed).toBe(1);
    const failed = await row(id);
    expect(failed.status).toBe('failed');
    expect(failed.last_error).toBe('gateway answered 422');
  });

  it('retries on a 5xx answer and sends once the gateway recovers', async () => {
    answer = { status: 503, body: 'maintenance' };
    const id = await queue('+420601123456', 'Your code is 123456');
    expect((await runCourierUntilIdle(t.services)).retrying).toBe(1);
    const waiting = await row(id);
    expect(waiting.status).toBe('queued');
    expect(waiting.last_error).toBe('gateway answered 503');

    answer = { status: 202, body: 'accepted' };
    t.clock.set(waiting.next_attempt_at);
    expect((await runCourierUntilIdle(t.services)).sent).toBe(1);
    const sent = await row(id);
    expect(sent.status).toBe('sent');
    expect(sent.provider_message_id).toBeNull();
    expect(requests.map((r) => r.body.reference)).toEqual([id, id]);
  });

  it('retries when the gateway cannot be reached', async () => {
    gateway.closeAllConnections();
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
    const id = await queue('+420601123456', 'Your code is 123456');
    expect((await runCourierUntilIdle(t.services)).retrying).toBe(1);
    expect((await row(id)).last_error).toMatch(/^gateway unreachable/);
  });
});

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      data += chunk;
    });
    request.on('end', () => resolve(data));
    request.on('error', reject);
  });
}
