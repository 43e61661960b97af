/**
 * express-rate-limit's store kept in PostgreSQL (RateLimitHit), so that every API process counts the same
 * requests: one atomic statement per request adds the hit to its key's window, starting a new window once the
 * old one has passed.
 */
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Db } from './db';

export class PostgresRateLimitStore implements Store {
  private windowMs = 60_000;
  /** Keys of different limiters never meet: each has its own prefix. */
  readonly prefix: string;

  constructor(
    private readonly db: Db,
    prefix: string,
  ) {
    this.prefix = `${prefix}:`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = new Date();
    const resetAt = new Date(now.getTime() + this.windowMs);
    const [row] = await this.db.$queryRaw<Array<{ hits: number; resetAt: Date }>>`
      INSERT INTO "RateLimitHit" AS r (key, hits, "resetAt") VALUES (${this.prefix + key}, 1, ${resetAt})
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN r."resetAt" <= ${now} THEN 1 ELSE r.hits + 1 END,
        "resetAt" = CASE WHEN r."resetAt" <= ${now} THEN ${resetAt} ELSE r."resetAt" END
      RETURNING hits, "resetAt"`;
    return { totalHits: row!.hits, resetTime: row!.resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.db.$executeRaw`
      UPDATE "RateLimitHit" SET hits = GREATEST(hits - 1, 0) WHERE key = ${this.prefix + key}`;
  }

  async resetKey(key: string): Promise<void> {
    await this.db.$executeRaw`DELETE FROM "RateLimitHit" WHERE key = ${this.prefix + key}`;
  }
}
