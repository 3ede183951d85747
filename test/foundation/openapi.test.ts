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

describe('the API documentation page', () => {
  it('marks the English descriptions on a Czech page, so a screen reader reads them as English', async () => {
    const t = await buildTestApp();
    try {
      const czech = await t.app.inject({ url: '/api/docs', headers: { 'accept-language': 'cs' } });
      expect(czech.statusCode).toBe(200);
      expect(czech.body).toContain('<html lang="cs"');
      expect(czech.body).toContain('Popisy jednotlivých koncových bodů jsou v angličtině');
      // Every operation's summary is English text inside an element marked as English.
      const summaries = [...czech.body.matchAll(/<p( lang="en")?><strong>([^<]+)<\/strong><\/p>/g)];
      expect(summaries.length).toBeGreaterThan(5);
      expect(summaries.filter((match) => match[1] === undefined).map((match) => match[2])).toEqual([]);
      expect(czech.body).toMatch(/<td lang="en">[A-Z]/);
      // The schemas' descriptions are English prose too.
      expect(czech.body).toContain('<pre class="api-op__schema" lang="en">');
      expect(czech.body).not.toContain('<pre class="api-op__schema">');
      // The Czech labels around them stay unmarked.
      expect(czech.body).toContain('<summary>Tělo požadavku</summary>');

      const english = await t.app.inject({ url: '/api/docs', headers: { 'accept-language': 'en' } });
      const englishDocs = english.body.slice(english.body.indexOf('<div class="api-docs">'));
      expect(englishDocs).toContain('<h2 class="api-op__title">');
      expect(englishDocs).not.toContain(' lang="en"');
      expect(english.body).not.toContain('v angličtině');
    } finally {
      await t.close();
    }
  });
});
