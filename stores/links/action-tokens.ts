/**
 * Action links: a random 256-bit token travels only in the email; the database keeps its SHA-256. The token binds
 * one person to one step of one subject (an assessment, or another process's) and the actions allowed there,
 * until the step's due date plus grace.
 */
import crypto from 'node:crypto';

/** The subject kind of links that act on a unit's assessment step (ActionToken.subjectKind). */
export const ASSESSMENT_SUBJECT = 'assessment';

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Tokens are 43 base64url characters; anything else is refused before the database is asked. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
