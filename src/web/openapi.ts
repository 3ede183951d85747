import { sessionCookieName } from '../sessions/cookie.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { card } from './components.js';
import { html } from './html.js';
import { defineMessages } from './i18n/define.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiOperation {
  readonly method: HttpMethod;
  /** OpenAPI path, parameters as `{name}`. */
  readonly path: string;
  /** Groups operations on the docs page (a feature's name). */
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly requestBody?: z.ZodType;
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType }>>;
  /** Stable error codes this operation may answer with, and when. */
  readonly errorCodes?: Readonly<Record<string, string>>;
  /** Needs the session cookie a previous step set. */
  readonly session?: boolean;
}

const operations = new Map<string, ApiOperation>();

/** Features call this at import time, next to the route that implements the operation. */
export function registerApiOperation(operation: ApiOperation): void {
  operations.set(`${operation.method} ${operation.path}`, operation);
}

/** Every operation, with the error codes of the shared request checks added to each with a body. */
export function listApiOperations(): ApiOperation[] {
  return [...operations.values()]
    .sort((a, b) => a.tag.localeCompare(b.tag) || a.path.localeCompare(b.path))
    .map((op) =>
      op.method === 'get'
        ? op
        : {
            ...op,
            errorCodes: {
              ...(op.requestBody ? { VALIDATION_FAILED: 'A field is missing or invalid' } : {}),
              ...bodyErrorCodes,
              ...op.errorCodes,
            },
          },
    );
}

/** What the shared request checks answer on any request with a body (src/web/csrf-guard.ts). */
const bodyErrorCodes: Readonly<Record<string, string>> = {
  BAD_REQUEST: 'The body is not valid JSON, or not a JSON object',
  UNSUPPORTED_MEDIA_TYPE: 'The body is not application/json',
  PAYLOAD_TOO_LARGE: '413, the body is larger than 64 KiB',
  CSRF_REJECTED: 'A cross-site request (foreign Origin or Sec-Fetch-Site)',
};

/** The one error body every API error has (see src/web/errors.ts). */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable UPPER_SNAKE code'),
    message: z.string().describe("Explanation in the request's language"),
    fields: z.record(z.string(), z.object({ code: z.string().describe('Message key'), message: z.string() })),
    retryAfterSeconds: z
      .number()
      .int()
      .optional()
      .describe('On a 429: seconds to wait, as the Retry-After header says'),
  }),
});

export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export function buildOpenApiDocument(serverUrl: string, sessionCookie: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of listApiOperations()) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(op.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { 'application/json': { schema: toJsonSchema(response.schema) } } }
          : {}),
      };
    }
    if (op.errorCodes && Object.keys(op.errorCodes).length) {
      responses.default = {
        description: `An error. Codes: ${Object.entries(op.errorCodes)
          .map(([code, when]) => `\`${code}\` (${when})`)
          .join('; ')}`,
        content: { 'application/json': { schema: toJsonSchema(apiErrorSchema) } },
      };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.session ? { security: [{ session: [] }] } : {}),
      ...(op.requestBody
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJsonSchema(op.requestBody) } },
            },
          }
        : {}),
      responses,
      ...(op.errorCodes ? { 'x-error-codes': Object.keys(op.errorCodes) } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse API',
      version: '1',
      description:
        'JSON API of the Gatehouse customer account. Requests with a body must be `application/json`. Steps after registration use the session cookie it sets. Errors have one shape with a stable `code`.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookie } },
    },
    paths,
  };
}

export const openApiMessages = defineMessages(
  {
    'apiDocs.title': 'API documentation',
    'apiDocs.lead':
      'Every step of the customer journeys is also a JSON endpoint. The machine-readable description:',
    'apiDocs.request': 'Request body',
    'apiDocs.responses': 'Responses',
    'apiDocs.errors': 'Error codes',
    'apiDocs.session': 'Needs the session cookie.',
    // Shown only on a page in another language.
    'apiDocs.english': 'The operations are described in English, as in the OpenAPI document.',
  },
  {
    'apiDocs.title': 'Dokumentace API',
    'apiDocs.lead': 'Každý krok zákaznických cest je také koncovým bodem JSON. Strojově čitelný popis:',
    'apiDocs.request': 'Tělo požadavku',
    'apiDocs.responses': 'Odpovědi',
    'apiDocs.errors': 'Chybové kódy',
    'apiDocs.session': 'Vyžaduje cookie relace.',
    'apiDocs.english': 'Popisy jednotlivých koncových bodů jsou v angličtině, stejně jako v popisu OpenAPI.',
  },
);

/** `/api/openapi.json` and a readable `/api/docs` page in our own layout (no CDN, no script). */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  const serverUrl = app.services.config.publicUrl.origin;
  const sessionCookie = sessionCookieName(app.services.config);
  app.get('/api/openapi.json', async (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(buildOpenApiDocument(serverUrl, sessionCookie)),
  );
  app.get('/api/docs', async (request, reply) => {
    const { t } = request;
    const pretty = (schema: z.ZodType) => JSON.stringify(toJsonSchema(schema), null, 2);
    // The operations are described in English only (as in the OpenAPI document): on a page in
    // another language that text is marked, so a screen reader reads it with English rules.
    const en = request.locale === 'en' ? '' : html` lang="en"`;
    const items = listApiOperations().map(
      (op) => html`<section class="api-op" id="${`${op.method}-${op.path}`.replace(/[^a-z0-9]+/gi, '-')}">
  <h2 class="api-op__title"><span class="api-op__method api-op__method--${op.method}">${op.method.toUpperCase()}</span> <code>${op.path}</code></h2>
  <p${en}><strong>${op.summary}</strong></p>
  ${op.description ? html`<p${en}>${op.description}</p>` : ''}
  ${op.session ? html`<p class="field__hint">${t('apiDocs.session')}</p>` : ''}
  ${op.requestBody ? html`<details open><summary>${t('apiDocs.request')}</summary><pre class="api-op__schema"${en}>${pretty(op.requestBody)}</pre></details>` : ''}
  <details><summary>${t('apiDocs.responses')}</summary>
  <ul>${Object.entries(op.responses).map(
    ([status, r]) =>
      html`<li><code>${status}</code> <span${en}>${r.description}</span>${r.schema ? html`<pre class="api-op__schema"${en}>${pretty(r.schema)}</pre>` : ''}</li>`,
  )}</ul></details>
  ${
    op.errorCodes
      ? html`<details><summary>${t('apiDocs.errors')}</summary><table class="table"><tbody>${Object.entries(
          op.errorCodes,
        ).map(
          ([code, when]) => html`<tr><td><code>${code}</code></td><td${en}>${when}</td></tr>`,
        )}</tbody></table></details>`
      : ''
  }
</section>`,
    );
    const body = card(
      html`<p>${t('apiDocs.lead')} <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>${
        en ? html`<p class="field__hint">${t('apiDocs.english')}</p>` : ''
      }${items}`,
      { title: t('apiDocs.title') },
    );
    return reply.page({ title: t('apiDocs.title'), body: html`<div class="api-docs">${body}</div>` });
  });
}
