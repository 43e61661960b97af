/** The Express application: routes are mounted here, each module owning one concern. */
import express from 'express';
import { errorHandler, notFound } from './errors';
import { healthRouter, type HealthDeps } from './health';

export type AppDeps = HealthDeps;

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.use(healthRouter(deps));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
