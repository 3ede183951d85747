import type { FastifyInstance } from 'fastify';
import { devOutboxRoutes } from './courier/dev-outbox-routes.js';
import { signUpRoutes } from './flows/signup-routes.js';
import { loginRoutes } from './flows/login/routes.js';
import { recoveryRoutes } from './flows/recovery/routes.js';
import { supportRoutes } from './support/routes.js';
import { healthRoutes } from './web/routes/health.js';
import { homeRoutes } from './web/routes/home.js';
import { localeRoutes } from './web/routes/locale.js';

type RoutePlugin = (app: FastifyInstance) => Promise<void>;

/** Every feature's routes, registered in this order after the shell. Add a feature here. */
export const featureRoutes: readonly RoutePlugin[] = [
  healthRoutes,
  homeRoutes,
  localeRoutes,
  ...signUpRoutes,
  loginRoutes,
  recoveryRoutes,
  supportRoutes,
  devOutboxRoutes,
];
