import type { FastifyInstance } from 'fastify';
import { captchaRoutes } from '../captcha/routes.js';
import { openApiRoutes } from '../web/openapi.js';

/** The sign-up journey's route plugins and the shared ones it provides. */
export const signUpRoutes: readonly ((app: FastifyInstance) => Promise<void>)[] = [
  captchaRoutes,
  openApiRoutes,
];
