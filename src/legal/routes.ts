import type { FastifyInstance } from 'fastify';
import { html } from '../web/html.js';
import { legalDocuments } from './documents.js';
import { legalMessages } from './messages.js';

/** The versioned documents a registration agrees to; the version shown is the one recorded. */
export async function legalRoutes(app: FastifyInstance): Promise<void> {
  for (const document of ['terms', 'privacy'] as const) {
    app.get(`/legal/${document}`, async (request, reply) => {
      const { t, locale } = request;
      const meta = legalDocuments[document];
      const sections = legalMessages[locale][document];
      const title = t(`legal.${document}.title`);
      const body = html`<article class="card legal">
  <h1 class="card__title">${title}</h1>
  <p class="legal__meta">${t('legal.version', { version: meta.version, effective: meta.effective })}</p>
  ${sections.map((s) => html`<h2>${s.heading}</h2><p>${s.text}</p>`)}
</article>`;
      return reply.page({ title, body });
    });
  }
}
