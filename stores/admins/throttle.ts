/**
 * Counting sign-in attempts atomically (SignInThrottle): an attempt takes a place in each of its keys' windows
 * before its password is checked, in one statement per key, so a wave of parallel attempts is counted as it
 * arrives. A key that has used up its window is locked until the window's lock ends; a lapsed window starts again.
 */
import type { Db } from '../db';

export interface ThrottleKey {
  key: string;
  /** Attempts allowed in a window before the key locks. */
  max: number;
}

/**
 * Takes a place for the attempt in every key; false when one of them is locked (its count is then not raised).
 * `reached` lists the keys this attempt used up (they are locked from now on).
 */
export async function reserveAttempt(
  db: Db,
  keys: ThrottleKey[],
  windowMs: number,
  now = new Date(),
): Promise<{ allowed: boolean; reached: string[] }> {
  const lockUntil = new Date(now.getTime() + windowMs);
  const windowFrom = new Date(now.getTime() - windowMs);
  let allowed = true;
  const reached: string[] = [];
  for (const { key, max } of keys) {
    const rows = await db.$queryRaw<Array<{ failures: number }>>`
      INSERT INTO "SignInThrottle" AS t (key, failures, "windowStart", "lockedUntil")
      VALUES (${key}, 1, ${now}, CASE WHEN 1 >= ${max} THEN ${lockUntil}::timestamptz END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t."windowStart" <= ${windowFrom} OR t."lockedUntil" <= ${now} THEN 1 ELSE t.failures + 1 END,
        "windowStart" = CASE WHEN t."windowStart" <= ${windowFrom} OR t."lockedUntil" <= ${now} THEN ${now} ELSE t."windowStart" END,
        "lockedUntil" = CASE
          WHEN (CASE WHEN t."windowStart" <= ${windowFrom} OR t."lockedUntil" <= ${now} THEN 1 ELSE t.failures + 1 END) >= ${max}
          THEN ${lockUntil}::timestamptz END
      WHERE t."lockedUntil" IS NULL OR t."lockedUntil" <= ${now}
      RETURNING failures`;
    if (rows.length === 0) allowed = false;
    else if (rows[0]!.failures >= max) reached.push(key);
  }
  return { allowed, reached };
}

/** A successful sign-in clears its keys' counts. */
export async function clearAttempts(db: Db, keys: ThrottleKey[]): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: { in: keys.map((k) => k.key) } } });
}
