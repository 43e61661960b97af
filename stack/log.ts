/**
 * Logs through pino on stderr: one line per event, named by the part that wrote it, so a supervised process tree
 * reads as one story. LOG_FORMAT=json writes pino's JSON lines (for a log collector); the default is one readable
 * line per event. Every line written while a request is handled carries its request id (`reqId`); fields that
 * could hold a secret (passwords, tokens, cookies, authorization) are redacted wherever they appear.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';
import pretty from 'pino-pretty';

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** What the lines of the current request carry (set by api/request-log.ts). */
export const logContext = new AsyncLocalStorage<{ reqId: string }>();

const SECRET_FIELDS = ['password', 'token', 'authorization', 'cookie', 'csrf', 'secret', 'apiKey'];
const REDACT = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

function destination(): pino.DestinationStream {
  if (process.env.LOG_FORMAT === 'json') return pino.destination({ fd: 2, sync: true });
  return pretty({
    destination: 2,
    sync: true,
    colorize: false,
    singleLine: true,
    translateTime: false,
    ignore: 'time,pid,hostname,name',
    messageFormat: '[{name}] {msg}',
    hideObject: false,
  });
}

let root: pino.Logger | undefined;

function rootLogger(): pino.Logger {
  root ??= pino(
    {
      level: 'debug',
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin: () => logContext.getStore() ?? {},
      base: { pid: process.pid },
    },
    destination(),
  );
  return root;
}

export function createLogger(
  name: string,
  level: Level = (process.env.LOG_LEVEL as Level) ?? 'info',
): Logger {
  const p = rootLogger().child({ name }, { level });
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
  };
}
