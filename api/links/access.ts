/**
 * Who may do what through an email link, whatever the process: the token is looked up by its hash and checked
 * against expiry and earlier use; the feature the link belongs to (its subject kind) says whether its step has
 * moved on. The workflow's update validator stays the final judge; this only spares people a form they can no
 * longer use.
 */
import type { findLink } from '../../stores/links/store';

export type LinkProblem = 'unknown' | 'expired' | 'used' | 'movedOn';

export const PROBLEM_STATUS: Record<LinkProblem, number> = {
  unknown: 404,
  expired: 410,
  used: 409,
  movedOn: 409,
};

export type Link = NonNullable<Awaited<ReturnType<typeof findLink>>>;

/** Expired or used, whatever the subject; null when only the subject can say more. */
export function spentProblem(link: Link, now = new Date()): LinkProblem | null {
  if (link.usedAt) return 'used';
  if (link.expiresAt <= now) return 'expired';
  return null;
}
