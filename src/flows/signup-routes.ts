import type { FastifyInstance } from 'fastify';
import { captchaRoutes } from '../captcha/routes.js';
import { legalRoutes } from '../legal/routes.js';
import { openApiRoutes } from '../web/openapi.js';
import { emailActivationRoutes } from './email-activation/routes.js';
import { phoneVerificationRoutes } from './phone-verification/routes.js';
import { registrationRoutes } from './registration/routes.js';

/** The sign-up journey's route plugins and the shared ones it provides. */
export const signUpRoutes: readonly ((app: FastifyInstance) => Promise<void>)[] = [
  captchaRoutes,
  openApiRoutes,
  legalRoutes,
  registrationRoutes,
  phoneVerificationRoutes,
  emailActivationRoutes,
];
