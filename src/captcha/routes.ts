import { AppError } from '../web/errors.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { registerApiOperation } from '../web/openapi.js';
import { createAltchaChallenge, deriveAltchaKeys } from './altcha.js';
import { captchaChallengeSchema } from './schema.js';

const altchaDist = path.join(path.dirname(createRequire(import.meta.url).resolve('altcha')), '..');

/** The widget's files, served from node_modules/altcha: no CDN, and the CSP-friendly build. */
const vendorFiles: Record<string, { file: string; type: string }> = {
  '/captcha/altcha.js': { file: 'external/altcha.min.js', type: 'text/javascript; charset=utf-8' },
  '/captcha/altcha.css': { file: 'external/altcha.css', type: 'text/css; charset=utf-8' },
  '/captcha/i18n/cs.js': { file: 'i18n/cs.js', type: 'text/javascript; charset=utf-8' },
  '/captcha/worker-sha.js': { file: 'workers/sha.js', type: 'text/javascript; charset=utf-8' },
};

registerApiOperation({
  method: 'get',
  path: '/api/captcha/challenge',
  tag: 'Captcha',
  summary: 'A fresh ALTCHA proof-of-work challenge (valid 10 minutes, usable once)',
  description:
    'Solve it (find the counter whose SHA-256 key starts with `keyPrefix`, as altcha-lib `solveChallenge` does) and send `{ challenge, solution }` (or its base64 JSON) as `captcha` with the form it protects. Only when CAPTCHA_PROVIDER=altcha; with Turnstile or hCaptcha send their token instead.',
  responses: { 200: { description: 'The signed challenge', schema: captchaChallengeSchema } },
  errorCodes: { NOT_FOUND: 'The captcha is Turnstile or hCaptcha, which hand out no challenge here' },
});

export async function captchaRoutes(app: FastifyInstance): Promise<void> {
  const { config, clock } = app.services;
  const keys = deriveAltchaKeys(config.secret);
  const files = new Map(
    Object.entries(vendorFiles).map(([url, { file, type }]) => [
      url,
      { body: readFileSync(path.join(altchaDist, file)), type },
    ]),
  );
  for (const [url, { body, type }] of files) {
    app.get(url, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=3600').send(body),
    );
  }

  const sendChallenge = async (reply: FastifyReply) => {
    if (config.captcha.provider !== 'altcha') throw new AppError('NOT_FOUND', 404, 'error.notFound.text');
    const challenge = await createAltchaChallenge(keys, clock.now());
    return reply.header('cache-control', 'no-store').send(challenge);
  };
  app.get('/captcha/challenge', async (_request, reply) => sendChallenge(reply));
  app.get('/api/captcha/challenge', async (_request, reply) => sendChallenge(reply));
}
