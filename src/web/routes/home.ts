import type { FastifyInstance } from 'fastify';
import { html } from '../html.js';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    const { t } = request;
    const body = html`<section class="hero">
  <h1>${t('home.title')}</h1>
  <p class="hero__lead">${t('home.lead')}</p>
  <p class="hero__actions">
    <a class="button button--primary" href="/register">${t('home.register')}</a>
    <a class="button button--secondary" href="/login">${t('home.login')}</a>
  </p>
</section>
<section class="card card--muted">
  <h2>${t('home.help.title')}</h2>
  <p>${t('home.help.text')}</p>
  <p><a href="/password/forgot">${t('home.help.forgot')}</a></p>
</section>`;
    return reply.page({ title: t('home.title'), body });
  });
}
