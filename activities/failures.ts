/**
 * Which activity failures are worth retrying. Transient ones (the database or Temporal unreachable, a connection
 * lost, a serialisation failure or deadlock, a timeout, too many connections) are thrown as they are, and Temporal
 * retries them with backoff. Everything else (invalid data, a constraint, a bug) would fail the same way again: it
 * becomes a non-retryable ApplicationFailure of type `PermanentFailure` at once, so no workflow retries it forever.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { textProblem } from '../domain/input-rules';

export const PERMANENT_FAILURE = 'PermanentFailure';

/** PostgreSQL SQLSTATE classes that say "try again": connection, transaction rollback, resources, operator, system. */
const TRANSIENT_SQLSTATE = /^(08|40|53|57|58)|^55P03$/;
/** The pg driver adapter's own kinds for the same. */
const TRANSIENT_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionWriteConflict',
  'TlsConnectionError',
  'TransactionAlreadyClosed',
]);
/** Prisma's: can't reach, timed out, closed, pool timeout, transaction API error, write conflict or deadlock. */
const TRANSIENT_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1011', 'P1017', 'P2024', 'P2028', 'P2034']);
const TRANSIENT_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTCONN',
]);
/** gRPC: cancelled, deadline exceeded, resource exhausted, aborted, unavailable (Temporal's client). */
const TRANSIENT_GRPC = new Set([1, 4, 8, 10, 14]);

interface ErrorLike {
  name?: string;
  code?: unknown;
  message?: string;
  cause?: ErrorLike & { kind?: string; originalCode?: string; originalMessage?: string };
  meta?: {
    driverAdapterError?: {
      cause?: { kind?: string; originalCode?: string; code?: string; originalMessage?: string };
    };
  };
}

function adapterCause(e: ErrorLike) {
  return e.meta?.driverAdapterError?.cause ?? (e.name === 'DriverAdapterError' ? e.cause : undefined);
}

/** The SQLSTATE of a PostgreSQL error, however Prisma and the adapter wrapped it. */
export function sqlState(err: unknown): string | undefined {
  const cause = adapterCause(err as ErrorLike);
  const code = cause?.originalCode ?? cause?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isTransient(err: unknown): boolean {
  for (let e = err as ErrorLike | undefined, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e !== 'object') return false;
    const cause = adapterCause(e);
    if (cause?.kind && TRANSIENT_ADAPTER_KINDS.has(cause.kind)) return true;
    const state = sqlState(e);
    if (state && TRANSIENT_SQLSTATE.test(state)) return true;
    if (typeof e.code === 'string' && (TRANSIENT_PRISMA.has(e.code) || TRANSIENT_ERRNO.has(e.code)))
      return true;
    if (typeof e.code === 'number' && TRANSIENT_GRPC.has(e.code)) return true;
  }
  return false;
}

/** A one-line, storable account of an error for people: the SQLSTATE where there is one, no stack, no NULs. */
export function describeError(err: unknown): string {
  const e = err as ErrorLike;
  const cause = adapterCause(e);
  const state = sqlState(e);
  const raw = cause?.originalMessage ?? e?.message ?? String(err);
  const text = `${state ? `PostgreSQL ${state}: ` : ''}${raw}`
    .replace(/\s+/g, ' ')
    // eslint-disable-next-line no-control-regex -- removing control characters is this pattern's job
    .replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '')
    .trim();
  const safe = textProblem(text, 500) === 'surrogate' ? text.replace(/[\uD800-\uDFFF]/g, '') : text;
  return [...safe].slice(0, 500).join('');
}

/** Permanent failures as non-retryable ApplicationFailures; transient ones and Temporal's own untouched. */
export function classifyFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure || err instanceof CancelledFailure) return err;
  if (isTransient(err)) return err;
  return ApplicationFailure.create({
    type: PERMANENT_FAILURE,
    message: describeError(err),
    nonRetryable: true,
    cause: err instanceof Error ? err : undefined,
  });
}

type AnyFn = (...args: never[]) => Promise<unknown>;

/** The same activities, each failing permanently at once where retrying cannot help. */
export function withFailureClassification<T extends Record<string, AnyFn>>(activities: T): T {
  const wrapped: Record<string, AnyFn> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw classifyFailure(err);
      }
    };
  }
  return wrapped as T;
}
