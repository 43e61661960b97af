/** The Express application: routes are mounted here, each module owning one concern. */
import express from 'express';
import type { Client } from '@temporalio/client';
import type { Logger } from '../stack/log';
import { assessmentsRouter } from './assessments';
import { adminAwardsRouter } from './awards/console-pages';
import { adminDocumentsRouter } from './admin-documents-page';
import { awardSetupRouter } from './awards/setup-pages';
import { awardLinkFeature } from './awards/link-feature';
import { publicAwardsRouter } from './awards/public-pages';
import { awardsApiRouter } from './awards/routes';
import { consoleGuard } from './admin-console';
import { adminCyclePagesRouter } from './admin-cycle-pages';
import { adminCycleStartRouter } from './admin-cycle-start';
import { adminOrganisationsRouter } from './admin-organisations';
import { adminOutboxRouter } from './admin-outbox-page';
import { adminBulletinsRouter } from './admin-bulletins-page';
import { adminCycleUnitsRouter } from './admin-cycle-units';
import { adminEntranceRouter, adminHomeRouter } from './admin-pages';
import { adminPlansRouter } from './admin-plans-pages';
import { adminAllocationImportRouter } from './admin-allocation-import';
import { adminUnitPageRouter } from './admin-unit-page';
import { authRouter, requireAdmin } from './auth';
import { cycleResultsExportRouter } from './exports/cycle-results';
import { honoursRegisterExportRouter } from './exports/honours-register';
import { bulletinsRouter } from './bulletins';
import { cycleNoticesRouter } from './documents/cycle-notices';
import { adminNoticesRouter } from './documents/notices-page';
import { issuersRouter } from './documents/issuers';
import { planHistoryRouter } from './plan-period/history';
import { noStore, securityHeaders } from './security-headers';
import { rateLimits } from './rate-limits';
import { requestLog } from './request-log';
import { apiMetrics, metricsRouter } from './metrics';
import { planPeriodRouter } from './plan-period/routes';
import { cyclesRouter } from './cycles';
import { errorHandler, notFound } from './errors';
import { refuseMalformedAddress, refuseUnstorableBody } from './input-guard';
import { healthRouter, type HealthDeps } from './health';
import { assessmentLinkFeature } from './assessment/link-feature';
import { linkFlowRouter } from './links/flow';
import { noticeLinkFeature } from './notice/link-feature';
import { noticesRouter } from './notice/routes';
import { mailboxRouter } from './mailbox';
import { organisationsRouter } from './organisations';
import { outboxRouter } from './outbox';
import { workingCalendarRouter } from './working-calendar';
import { federationName } from './pages';
import { IMPORT_BODY_LIMIT, IMPORT_PATH } from './imports/imported-csv';
import { servedFederation } from '../stores/organisation/queries';
import { attachmentStore } from '../stores/awards/attachments';

export interface AppDeps extends HealthDeps {
  /** The client for workflow starts and updates (with the SDK's retries, unlike the health probe's connection). */
  client: Client;
  /** Signs the CSRF tokens of the link pages. */
  secret: string;
  /** Cookies only over HTTPS when the public address is HTTPS. */
  secureCookies: boolean;
  /** METRICS_TOKEN: `GET /metrics` is served to a scraper sending it; unset, metrics are off. */
  metricsToken?: string;
  /** Requests per address and minute to link pages and public pages (RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute?: number;
  /** Express's "trust proxy" (TRUST_PROXY): whose X-Forwarded-For gives the client's address. */
  trustProxy?: boolean | number | string;
  /** The local mailbox page (only under `npm start`, SMTP_URL unset): its folder, and whether all may see it. */
  mailbox?: { dir: string; public: boolean };
  /** Base of links in emails. */
  publicUrl: string;
  /** Chromium for the PDFs of bulletins, when one is installed. */
  chromiumPath?: string;
  /** Where nomination attachments are kept (ATTACHMENTS_DIR); unset, in PostgreSQL. */
  attachmentsDir?: string;
  /** Units a cycle's fan-out starts per activity (CYCLE_BATCH_SIZE). */
  cycleBatchSize: number;
  /** Where unexpected failures are logged. */
  log: Logger;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestLog(deps.log));
  const metrics = apiMetrics(deps.db);
  app.use(metrics.observe);
  app.use(metricsRouter(metrics, deps.metricsToken));
  app.use(securityHeaders({ https: deps.secureCookies }));
  app.use('/api', noStore);
  for (const [paths, limit] of rateLimits(deps.db, deps.rateLimitPerMinute ?? 120)) app.use(paths, limit);
  app.use(refuseMalformedAddress);
  // A province's tree is one CSV of tens of megabytes: its import reads its body once the admin is known (below).
  const json = express.json({ limit: '1mb' });
  app.use((req, res, next) => (req.path === IMPORT_PATH ? next() : json(req, res, next)));
  app.use(healthRouter(deps));
  app.use(federationName(() => servedFederation(deps.db)));
  // The address the start-up banner prints leads to the console (its sign-in page when signed out).
  app.get('/', (_req, res) => res.redirect(303, '/admin'));
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  app.use(authRouter(deps));
  // The admin console: sign-in and the language switch are open; every other /admin page needs a session.
  app.use('/admin', express.urlencoded({ extended: false, limit: '2mb' }));
  app.use(refuseUnstorableBody);
  app.use(adminEntranceRouter(deps));
  app.use('/admin', consoleGuard(deps));
  app.use(adminHomeRouter(deps));
  app.use(adminOrganisationsRouter(deps));
  app.use(adminPlansRouter(deps));
  app.use(adminAllocationImportRouter(deps));
  app.use(adminCycleStartRouter(deps));
  app.use(adminCyclePagesRouter(deps));
  app.use(adminUnitPageRouter(deps));
  app.use(adminOutboxRouter(deps));
  app.use(adminBulletinsRouter(deps));
  app.use(adminCycleUnitsRouter(deps));
  app.use(awardSetupRouter(deps));
  app.use(adminAwardsRouter(deps));
  app.use(adminDocumentsRouter(deps));
  app.use(adminNoticesRouter(deps));
  // The admin API, default-deny: every /api route needs an admin; sign-in (authRouter, above) is the exception.
  app.use('/api', requireAdmin(deps.db, deps.secret));
  app.use(IMPORT_PATH, express.json({ limit: IMPORT_BODY_LIMIT }));
  app.use(cyclesRouter(deps));
  app.use(cycleResultsExportRouter(deps));
  app.use(honoursRegisterExportRouter(deps));
  app.use(assessmentsRouter(deps));
  app.use(organisationsRouter(deps));
  app.use(outboxRouter(deps));
  app.use(bulletinsRouter(deps));
  app.use(noticesRouter(deps));
  app.use(cycleNoticesRouter(deps));
  app.use(issuersRouter(deps));
  app.use(planPeriodRouter(deps));
  app.use(planHistoryRouter(deps));
  app.use(awardsApiRouter(deps));
  app.use(workingCalendarRouter(deps));
  // Public pages (no sign-in): the 公示 with its objection form, the award decision, certificates.
  app.use(publicAwardsRouter(deps));
  // Every process whose emails carry action links plugs its pages and update in here.
  app.use(
    linkFlowRouter(deps, [
      assessmentLinkFeature(deps.db, deps.client),
      noticeLinkFeature(deps.db, deps.client),
      awardLinkFeature(deps.db, deps.client, attachmentStore(deps.db, deps.attachmentsDir)),
    ]),
  );
  if (deps.mailbox) app.use(mailboxRouter(deps.mailbox.dir, deps.mailbox.public));
  app.use(notFound);
  app.use(errorHandler(deps.log));
  return app;
}
