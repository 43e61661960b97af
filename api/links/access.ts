/**
 * Who may do what through an email link, whatever the process: the token is looked up by its hash and checked
 * against expiry and earlier use; the feature the link belongs to (its subject kind) says whether its step has
 * moved on. The workflow's update validator stays the final judge; this only spares people a form they can no
 * longer use.
 */
import type { Db } from '../../activities/db';
import { hashToken, looksLikeToken } from '../../activities/action-tokens';

export type LinkProblem = 'unknown' | 'expired' | 'used' | 'movedOn';

export const PROBLEM_STATUS: Record<LinkProblem, number> = {
  unknown: 404,
  expired: 410,
  used: 409,
  movedOn: 409,
};

export async function findLink(db: Db, token: string) {
  if (!looksLikeToken(token)) return null;
  return db.actionToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { person: { select: { id: true, name: true, locale: true } } },
  });
}

export type Link = NonNullable<Awaited<ReturnType<typeof findLink>>>;

/** Expired or used, whatever the subject; null when only the subject can say more. */
export function spentProblem(link: Link, now = new Date()): LinkProblem | null {
  if (link.usedAt) return 'used';
  if (link.expiresAt <= now) return 'expired';
  return null;
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
