/** Reading, claiming and releasing action links: the database side of every feature's link flow. */
import type { Db } from '../db';
import { hashToken, looksLikeToken } from './action-tokens';

export async function findLink(db: Db, token: string) {
  if (!looksLikeToken(token)) return null;
  return db.actionToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { person: { select: { id: true, name: true, locale: true } } },
  });
}

/** Marks the link used, atomically: of two clicks at once, exactly one gets true. */
export async function claimLink(db: Db, linkId: string): Promise<boolean> {
  const { count } = await db.actionToken.updateMany({
    where: { id: linkId, usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

/** Gives the link back when what it was claimed for was refused, so the person can correct and try again. */
export async function releaseLink(db: Db, linkId: string): Promise<void> {
  await db.actionToken.update({ where: { id: linkId }, data: { usedAt: null } });
}

export async function recordLinkUse(db: Db, linkId: string, usedFor: Record<string, string | number>) {
  await db.actionToken.update({ where: { id: linkId }, data: { usedFor } });
}
