/**
 * Who may do what through an email link: the token is looked up by its hash and checked against expiry, earlier
 * use and the assessment's current step (from the projection). The workflow's update validator stays the final
 * judge; this only spares people a form they can no longer use.
 */
import crypto from 'node:crypto';
import type { Db } from '../activities/db';
import { hashToken, looksLikeToken } from '../activities/action-tokens';

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
    include: {
      person: { select: { id: true, name: true, locale: true } },
      assessment: {
        select: {
          id: true,
          workflowId: true,
          step: true,
          status: true,
          stage: true,
          waitingOn: true,
          dueAt: true,
          organisationId: true,
          organisation: { select: { code: true, nameZh: true, nameEn: true, parentId: true } },
          cycle: { select: { id: true, year: true, calendar: true, status: true } },
        },
      },
    },
  });
}

export type Link = NonNullable<Awaited<ReturnType<typeof findLink>>>;

export type LinkAction = 'submit' | 'score' | 'decide';

export function actionOf(link: Link): LinkAction {
  if (link.actions.includes('SUBMIT')) return 'submit';
  if (link.actions.includes('SCORE')) return 'score';
  return 'decide';
}

/** Why the link cannot be used now, or null when it can. */
export async function linkProblem(db: Db, link: Link, now = new Date()): Promise<LinkProblem | null> {
  if (link.usedAt) return 'used';
  if (link.expiresAt <= now) return 'expired';
  const a = link.assessment;
  if (a.step !== link.step || a.stage === 'FINISHED') return 'movedOn';
  const action = actionOf(link);
  if (action === 'submit')
    return a.status === 'WAITING_SUBMISSION' || a.status === 'RETURNED' ? null : 'movedOn';
  if (a.status !== 'WAITING_DECISION' || !a.waitingOn.includes(link.personId)) return 'movedOn';
  if (action === 'decide' && link.version !== null) {
    const latest = await db.submission.findFirst({
      where: { assessmentId: a.id, step: link.step },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    if ((latest?.version ?? null) !== link.version) return 'movedOn';
  }
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

// ───────────── CSRF: a per-browser cookie, and a form field that binds it to one link ─────────────

export const CSRF_COOKIE = 'jingsai_csrf';

export function newCsrfCookie(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function csrfField(secret: string, cookie: string, tokenHash: string): string {
  return crypto.createHmac('sha256', secret).update(`${cookie}:${tokenHash}`).digest('base64url');
}

export function csrfValid(
  secret: string,
  cookie: string | undefined,
  field: unknown,
  tokenHash: string,
): boolean {
  if (!cookie || typeof field !== 'string') return false;
  const expected = Buffer.from(csrfField(secret, cookie, tokenHash));
  const given = Buffer.from(field);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined; // badly encoded: as if there were none
    }
  }
  return undefined;
}
