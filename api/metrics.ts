/**
 * Metrics for Prometheus at `GET /metrics` (prom-client), served only when METRICS_TOKEN is set and sent as
 * `Authorization: Bearer …`: HTTP requests by route and status with their latency, link actions (a link form's
 * POST) by outcome, and, read from PostgreSQL at each scrape so every process agrees, the outbox's backlog, the
 * age of its oldest message due, and the mails sent and failed. The worker's own metrics come from the Temporal
 * SDK's Prometheus exporter (WORKER_METRICS_ADDRESS, stack/runtime.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../stores/db';
import { oldestDueAgeSeconds, outboxCounts } from '../stores/outbox/metrics';
import { HttpError } from './errors';

export interface ApiMetrics {
  registry: Registry;
  /** Counts and times every request once it is answered. */
  observe: RequestHandler;
}

/** A link action's outcome by its answer: done, refused (the person's input or the link), unavailable, failed. */
function linkOutcome(status: number): string {
  if (status < 400) return 'done';
  if (status === 503) return 'unavailable';
  return status < 500 ? 'refused' : 'failed';
}

export function apiMetrics(db: Db): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'jingsai_api_' });
  const requests = new Histogram({
    name: 'jingsai_http_request_duration_seconds',
    help: 'HTTP requests by route and status, and how long they took',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const linkActions = new Counter({
    name: 'jingsai_link_actions_total',
    help: 'Forms sent from emailed links, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  new Gauge({
    name: 'jingsai_outbox_messages',
    help: 'Outbox messages by status (PENDING is the backlog; SENT and FAILED count every mail so far)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      for (const [status, count] of Object.entries(await outboxCounts(db))) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'jingsai_outbox_oldest_due_age_seconds',
    help: 'How long the oldest pending message has been due (0: none is due)',
    registers: [registry],
    async collect() {
      this.set(await oldestDueAgeSeconds(db));
    },
  });

  const observe: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      // The route's pattern, not its address: ids and tokens would make every request a series of its own.
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      requests.observe(
        { method: req.method, route, status: String(res.statusCode) },
        (performance.now() - started) / 1000,
      );
      if (req.method === 'POST' && route === '/a/:token')
        linkActions.inc({ outcome: linkOutcome(res.statusCode) });
    });
    next();
  };
  return { registry, observe };
}

/** `GET /metrics` for a scraper holding the token; 404 when no token is configured, so nothing is exposed. */
export function metricsRouter(metrics: ApiMetrics, token: string | undefined): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (!token) throw new HttpError(404, 'not_found', 'Metrics are off: set METRICS_TOKEN to serve them.');
    const sent = Buffer.from(/^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '');
    const expected = Buffer.from(token);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
      throw new HttpError(401, 'unauthorized', 'Send the METRICS_TOKEN as "Authorization: Bearer …".');
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
