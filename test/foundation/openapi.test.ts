import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Every error code an API operation answers is one its description lists. */
describe('OpenAPI error codes', () => {
  let t: TestApp;
  let operations: { path: string; method: string; codes: string[] }[];
  beforeAll(async () => {
    t = await buildTestApp();
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { 'x-error-codes'?: string[] }>>;
    };
    operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, codes: op['x-error-codes'] ?? [] })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists what the shared checks answer: broken JSON, another media type, a cross-site request, an empty body', async () => {
    const withBody = operations.filter((op) => op.method !== 'get');
    expect(withBody.length).toBeGreaterThan(5);
    for (const op of withBody) {
      const method = op.method.toUpperCase() as 'POST';
      const answers = [
        await t.app.inject({
          method,
          url: op.path,
          headers: { 'content-type': 'application/json' },
          payload: '{',
        }),
        await t.app.inject({ method, url: op.path, headers: { 'content-type': 'text/plain' }, payload: 'x' }),
        await t.app.inject({
          method,
          url: op.path,
          headers: { origin: 'https://evil.example' },
          payload: {},
        }),
        await t.app.inject({ method, url: op.path, payload: {} }),
      ];
      for (const answer of answers) {
        if (answer.statusCode < 400) continue;
        const code = answer.json().error?.code as string;
        expect(op.codes, `${op.method} ${op.path} answered ${answer.statusCode} ${code}`).toContain(code);
      }
    }
  });
});
