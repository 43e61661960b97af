/**
 * All configuration, from environment variables (and an optional .env), validated once at start-up. Every default
 * gives the embedded stack: leave DATABASE_URL / TEMPORAL_ADDRESS unset and `npm start` runs its own servers.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

const port = (what: string) =>
  z.coerce
    .number({ message: `expected a port number for ${what}` })
    .int({ message: 'expected a whole port number' })
    .min(1, { message: 'expected a port number from 1 to 65535' })
    .max(65535, { message: 'expected a port number from 1 to 65535' });

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const millis = z.coerce
  .number({ message: 'expected a number of milliseconds' })
  .int({ message: 'expected a whole number of milliseconds' })
  .min(10, { message: 'expected at least 10 ms' });

/** A whole number of `what` (e.g. "connections") from `min` to `max`, each bound said in the error. */
const wholeNumber = (what: string, min: number, max: number) =>
  z.coerce
    .number({ message: `expected a number of ${what}` })
    .int({ message: `expected a whole number of ${what}` })
    .min(min, { message: `expected at least ${min}` })
    .max(max, { message: `expected at most ${max}` });

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const envSchema = z.object({
  PORT: port('the API').default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ message: 'expected an absolute URL such as https://jingsai.example.org' }).optional(),
  ),
  /** Behind a reverse proxy: which proxies' X-Forwarded-For to believe (Express's "trust proxy"). */
  TRUST_PROXY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^(true|false|loopback|\d{1,2}|[0-9a-fA-F.:/, ]+)$/, {
        message: 'expected true, false, loopback, a number of hops or addresses/subnets such as 10.0.0.0/8',
      })
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default(path.join(PROJECT_ROOT, 'data')),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { message: 'expected debug, info, warn or error' })
    .default('info'),

  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, {
        message: 'expected a PostgreSQL URL such as postgresql://user:pass@host:5432/db',
      })
      .optional(),
  ),
  EMBEDDED_PG_PORT: port('the embedded PostgreSQL').default(54329),

  TEMPORAL_ADDRESS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[^\s:]+:\d+$/, { message: 'expected host:port, e.g. temporal.example.org:7233' })
      .optional(),
  ),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('jingsai'),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: optionalString,
  TEMPORAL_TLS_KEY_PATH: optionalString,
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_PORT: port('the embedded Temporal server').default(7233),
  TEMPORAL_UI_PORT: port('the Temporal Web UI').default(8233),
  TEMPORAL_CLI_PATH: optionalString,

  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^smtps?:\/\//, { message: 'expected smtp://user:pass@host:587 or smtps://…' })
      .optional(),
  ),
  MAIL_FROM: z.string().min(3).default('jingsai <noreply@jingsai.localhost>'),
  MAILBOX_SMTP_PORT: port('the local mailbox').default(2525),
  /** `GET /metrics` is served to a scraper sending this as a bearer token; unset, metrics are off. */
  METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, { message: 'expected at least 16 characters' }).optional(),
  ),
  /** Where the worker's Temporal SDK serves its Prometheus metrics (host:port); unset, it does not. */
  WORKER_METRICS_ADDRESS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[\w.-]+:\d{1,5}$/, { message: 'expected host:port, e.g. 127.0.0.1:9464' })
      .optional(),
  ),
  /**
   * Unit workflows a worker keeps in memory between their tasks; one not kept is replayed from its history on its
   * next task. Unset: the Temporal SDK's default, about 600 per GiB of the worker's heap limit.
   */
  WORKER_CACHED_WORKFLOWS: z.preprocess(emptyAsUndefined, wholeNumber('workflows', 0, 1_000_000).optional()),
  /** PostgreSQL connections each API or worker process opens at most: the budget an operator divides per server. */
  DATABASE_POOL_SIZE: wholeNumber('connections', 1, 500).default(10),
  /** Requests per client address and minute to link pages, and to the public pages. */
  RATE_LIMIT_PER_MINUTE: wholeNumber('requests', 1, 100_000).default(120),
  /** The /mailbox page answers only requests from this machine unless this is true. */
  MAILBOX_PUBLIC: z.preprocess(
    emptyAsUndefined,
    z.enum(['true', 'false'], { message: 'expected true or false' }).default('false'),
  ),
  /** Set by `npm start` for its API role: the local mailbox page is served only under the supervisor. */
  JINGSAI_MAILBOX_PAGE: z.preprocess(emptyAsUndefined, z.enum(['1']).optional()),
  MAIL_POLL_MS: millis.default(1000),
  MAIL_RETRY_BASE_MS: millis.default(5000),
  MAIL_RETRY_MAX_MS: millis.default(600_000),
  MAIL_LEASE_MS: millis.default(120_000),
  /** The least time between two refreshes of a cycle's dashboard figures (more when a refresh takes long). */
  ROLLUP_REFRESH_MS: millis.default(5000),
  /**
   * Mails a worker or `npm run mailer` process sends at once; 0 in a worker: it sends none (mailers do). A sender
   * killed mid-send sends again (same Message-ID) at most this many mails the SMTP server had already taken.
   */
  MAIL_SENDERS: wholeNumber('senders', 0, 64).default(1),
  APP_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, { message: 'expected at least 32 random characters' }).optional(),
  ),
  /** A workflow bundle built by `npm run build:workflows -- FILE`; unset, a worker bundles the source at start. */
  WORKFLOW_BUNDLE: optionalString,
  CHROMIUM_PATH: optionalString,
  ATTACHMENTS_DIR: optionalString,
  DOCUMENT_FONTS_DIR: optionalString,
  LINK_GRACE_HOURS: z.coerce
    .number({ message: 'expected a number of hours' })
    .int({ message: 'expected a whole number of hours' })
    .min(0, { message: 'expected 0 or more hours' })
    .max(24 * 90, { message: 'expected at most 2160 hours (90 days)' })
    .default(72),
  SEED_DEMO_DATA: bool.default(true),
  CYCLE_BATCH_SIZE: wholeNumber('units', 1, 10_000).default(1000),
});

export type Env = z.output<typeof envSchema>;

function trustProxyOf(v: string | undefined): boolean | number | string {
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  metrics: { token?: string; workerAddress?: string };
  /** Requests per address and minute to link pages and to the public pages (RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute: number;
  /** Express's "trust proxy": false unless TRUST_PROXY says which proxies to believe. */
  trustProxy: boolean | number | string;
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  database: { url: string; embedded: boolean; embeddedPort: number; poolSize: number };
  temporal: {
    address: string;
    embedded: boolean;
    namespace: string;
    taskQueue: string;
    /** WORKER_CACHED_WORKFLOWS; undefined: the SDK's default. */
    cachedWorkflows?: number;
    /** WORKFLOW_BUNDLE, as an absolute path; undefined: bundled from source. */
    workflowBundle?: string;
    tls: boolean;
    tlsCertPath?: string;
    tlsKeyPath?: string;
    apiKey?: string;
    uiPort: number;
    port: number;
    cliPath?: string;
    /** The per-user folder where the Temporal CLI is installed once and reused by every clone. */
    cacheDir: string;
  };
  mail: {
    /** SMTP_URL, else the local mailbox that `npm start` runs (embedded). */
    smtpUrl: string;
    embedded: boolean;
    mailboxPort: number;
    mailboxDir: string;
    /** The /mailbox page: served (by an API role `npm start` runs), and to whom. */
    mailboxPage: 'off' | 'loopback' | 'public';
    from: string;
    pollMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
    leaseMs: number;
    senders: number;
  };
  /** Signs CSRF tokens of the link pages; from APP_SECRET, else generated once into DATA_DIR. */
  secret: string;
  linkGraceMs: number;
  /** Chromium for bulletin PDFs; else Debian's when installed. */
  chromiumPath?: string;
  /** Where nomination attachments are kept; unset, they are kept in PostgreSQL. */
  attachmentsDir?: string;
  /** An office's own font files for official documents (the official faces are not free). */
  documentFontsDir?: string;
  seedDemoData: boolean;
  /** Units a cycle's fan-out starts per activity; the cycle workflow's history grows by one activity per batch. */
  cycleBatchSize: number;
  rollupRefreshMs: number;
}

export class ConfigError extends Error {
  constructor(readonly issues: Array<{ variable: string; message: string; value?: string }>) {
    super(
      'Configuration error:\n' +
        issues
          .map((i) => `  ${i.variable}: ${i.message}${i.value !== undefined ? ` (got "${i.value}")` : ''}`)
          .join('\n') +
        '\nFix these environment variables (or .env) and start again.',
    );
    this.name = 'ConfigError';
  }
}

export const EMBEDDED_DB = { user: 'jingsai', password: 'jingsai', database: 'jingsai' } as const;

/** Reads `.env` (never overriding variables already set) and validates everything. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  dotenvPath = path.join(PROJECT_ROOT, '.env'),
): Config {
  const merged: NodeJS.ProcessEnv = { ...readDotenv(dotenvPath), ...env };
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const variable = String(i.path[0] ?? '(environment)');
        return { variable, message: i.message, value: merged[variable] };
      }),
    );
  }
  const e = parsed.data;
  const issues: Array<{ variable: string; message: string }> = [];
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_KEY_PATH)) {
    issues.push({
      variable: 'TEMPORAL_TLS_KEY_PATH',
      message: 'mTLS needs both TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH',
    });
  }
  if (e.DOCUMENT_FONTS_DIR && !fs.existsSync(e.DOCUMENT_FONTS_DIR))
    issues.push({ variable: 'DOCUMENT_FONTS_DIR', message: `folder not found: ${e.DOCUMENT_FONTS_DIR}` });
  if (e.WORKFLOW_BUNDLE && !fs.existsSync(e.WORKFLOW_BUNDLE))
    issues.push({
      variable: 'WORKFLOW_BUNDLE',
      message: `file not found: ${e.WORKFLOW_BUNDLE} (build it with npm run build:workflows -- ${e.WORKFLOW_BUNDLE})`,
    });
  for (const v of ['TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH'] as const) {
    const file = e[v];
    if (file && !fs.existsSync(file)) issues.push({ variable: v, message: `file not found: ${file}` });
  }
  const ports = [
    ['PORT', e.PORT],
    ...(e.DATABASE_URL ? [] : [['EMBEDDED_PG_PORT', e.EMBEDDED_PG_PORT] as const]),
    ...(e.SMTP_URL ? [] : [['MAILBOX_SMTP_PORT', e.MAILBOX_SMTP_PORT] as const]),
    ...(e.TEMPORAL_ADDRESS
      ? []
      : [['TEMPORAL_PORT', e.TEMPORAL_PORT] as const, ['TEMPORAL_UI_PORT', e.TEMPORAL_UI_PORT] as const]),
  ] as Array<readonly [string, number]>;
  ports.forEach(([name, value], i) => {
    const clash = ports.slice(0, i).find(([, other]) => other === value);
    if (clash)
      issues.push({ variable: name, message: `uses port ${value}, the same as ${clash[0]}; choose another` });
  });
  if (issues.length > 0) throw new ConfigError(issues);

  const dataDir = path.resolve(e.DATA_DIR);
  const embeddedDbUrl = `postgresql://${EMBEDDED_DB.user}:${EMBEDDED_DB.password}@127.0.0.1:${e.EMBEDDED_PG_PORT}/${EMBEDDED_DB.database}`;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    metrics: { token: e.METRICS_TOKEN, workerAddress: e.WORKER_METRICS_ADDRESS },
    dataDir,
    logLevel: e.LOG_LEVEL,
    database: {
      url: e.DATABASE_URL ?? embeddedDbUrl,
      embedded: !e.DATABASE_URL,
      embeddedPort: e.EMBEDDED_PG_PORT,
      poolSize: e.DATABASE_POOL_SIZE,
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_PORT}`,
      embedded: !e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cachedWorkflows: e.WORKER_CACHED_WORKFLOWS,
      workflowBundle: e.WORKFLOW_BUNDLE && path.resolve(e.WORKFLOW_BUNDLE),
      tls: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_API_KEY) || Boolean(e.TEMPORAL_TLS_CERT_PATH),
      tlsCertPath: e.TEMPORAL_TLS_CERT_PATH,
      tlsKeyPath: e.TEMPORAL_TLS_KEY_PATH,
      apiKey: e.TEMPORAL_API_KEY,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      cliPath: e.TEMPORAL_CLI_PATH,
      cacheDir: path.join(
        env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
        'jingsai',
        'bin',
        TEMPORAL_CLI_VERSION,
      ),
    },
    mail: {
      smtpUrl: e.SMTP_URL ?? `smtp://127.0.0.1:${e.MAILBOX_SMTP_PORT}`,
      embedded: !e.SMTP_URL,
      mailboxPort: e.MAILBOX_SMTP_PORT,
      mailboxDir: path.join(dataDir, 'mailbox'),
      mailboxPage:
        e.SMTP_URL || !e.JINGSAI_MAILBOX_PAGE ? 'off' : e.MAILBOX_PUBLIC === 'true' ? 'public' : 'loopback',
      from: e.MAIL_FROM,
      pollMs: e.MAIL_POLL_MS,
      retryBaseMs: e.MAIL_RETRY_BASE_MS,
      retryMaxMs: e.MAIL_RETRY_MAX_MS,
      leaseMs: e.MAIL_LEASE_MS,
      senders: e.MAIL_SENDERS,
    },
    secret: e.APP_SECRET ?? localSecret(dataDir),
    linkGraceMs: e.LINK_GRACE_HOURS * 3_600_000,
    chromiumPath: e.CHROMIUM_PATH,
    attachmentsDir: e.ATTACHMENTS_DIR ? path.resolve(e.ATTACHMENTS_DIR) : undefined,
    documentFontsDir: e.DOCUMENT_FONTS_DIR ? path.resolve(e.DOCUMENT_FONTS_DIR) : undefined,
    seedDemoData: e.SEED_DEMO_DATA,
    cycleBatchSize: e.CYCLE_BATCH_SIZE,
    rollupRefreshMs: e.ROLLUP_REFRESH_MS,
  };
}

/**
 * On one machine every role shares DATA_DIR, so a secret generated there on first use is the same for all of
 * them; several machines behind a load balancer must set APP_SECRET.
 */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'app-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return fs.readFileSync(file, 'utf8').trim();
  }
}

function readDotenv(file: string): Record<string, string> {
  // Parsed, never loaded into process.env, so variables set in the real environment always win.
  return fs.existsSync(file) ? parseDotenv(fs.readFileSync(file)) : {};
}

/** host:port of a database URL, without the password. */
export function databaseAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return 'the configured address';
  }
}
