/**
 * Admins and how they prove who they are: a password (throttled per account and address) that opens a
 * session kept in the database, or an API token for scripts. Tokens and session ids are random, shown once, and
 * stored only as SHA-256.
 */
import crypto from 'node:crypto';
import { hashToken } from '../links/action-tokens';
import type { Db } from '../db';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';
import { auditData, recordAudit } from '../audit';
import { clearAttempts, reserveAttempt, type ThrottleKey } from './throttle';

/** Attempts of one account from one address, and of any accounts from one address, in a LOCK_MS window. */
export const MAX_FAILED_SIGN_INS = 5;
export const MAX_FAILED_FROM_ADDRESS = 20;
export const LOCK_MS = 15 * 60_000;
export const SESSION_MS = 12 * 3_600_000;

export class AdminError extends Error {
  constructor(
    readonly code: 'invalid_input' | 'exists',
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

export interface AdminIdentity {
  adminId: string;
  email: string;
  name: string;
  via: 'session' | 'token';
}

export async function createAdmin(db: Db, input: { email: string; name: string; password: string }) {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new AdminError('invalid_input', `"${input.email}" is not an email address`);
  if (!input.name.trim()) throw new AdminError('invalid_input', 'a name is required');
  if (input.password.length < MIN_PASSWORD_LENGTH)
    throw new AdminError('invalid_input', `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (await db.admin.findUnique({ where: { email } }))
    throw new AdminError('exists', `an admin ${email} exists already`);
  return db.admin.create({
    data: { email, name: input.name.trim(), passwordHash: await hashPassword(input.password) },
    select: { id: true, email: true, name: true },
  });
}

export type SignInResult =
  { ok: true; token: string; adminId: string; expiresAt: Date } | { ok: false; reason: 'refused' };

/** The throttle's keys of an attempt: this account from this address, and this address for any account. */
const attemptKeys = (email: string, address: string): ThrottleKey[] => [
  { key: `account:${email}|address:${address}`, max: MAX_FAILED_SIGN_INS },
  { key: `address:${address}`, max: MAX_FAILED_FROM_ADDRESS },
];

const UNUSED_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * Checks the password, counting the attempt first (stores/admins/throttle.ts). Every refusal — an unknown email,
 * a wrong password, too many failures of this account from this address or from this address at all — is the
 * same answer after the same slow hash, so neither the answer nor its time tells which emails exist.
 */
export async function signIn(
  db: Db,
  emailTyped: string,
  password: string,
  address: string,
  now = new Date(),
): Promise<SignInResult> {
  const email = emailTyped.trim().toLowerCase();
  const keys = attemptKeys(email, address);
  const { allowed, reached } = await reserveAttempt(db, keys, LOCK_MS, now);
  const admin = await db.admin.findUnique({ where: { email } });
  const verified = await verifyPassword(password, allowed && admin ? admin.passwordHash : UNUSED_HASH);
  if (!allowed || !admin || !verified) {
    if (admin && allowed)
      await recordAudit(db, {
        actor: admin.email,
        action: reached.length > 0 ? 'admin.locked' : 'admin.sign_in_failed',
        subjectType: 'Admin',
        subjectId: admin.id,
        detail: { address, locked: reached.map((k) => k.replace(/^(account|address):.*$/, '$1')) },
      });
    return { ok: false, reason: 'refused' };
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_MS);
  await clearAttempts(db, keys);
  await db.$transaction([
    db.adminSession.create({ data: { tokenHash: hashToken(token), adminId: admin.id, expiresAt } }),
    db.auditLog.create({
      data: auditData({
        actor: admin.email,
        action: 'admin.signed_in',
        subjectType: 'Admin',
        subjectId: admin.id,
        detail: { address },
      }),
    }),
  ]);
  return { ok: true, token, adminId: admin.id, expiresAt };
}

export async function signOut(db: Db, sessionToken: string): Promise<void> {
  await db.adminSession.deleteMany({ where: { tokenHash: hashToken(sessionToken) } });
}

export async function identifySession(
  db: Db,
  sessionToken: string,
  now = new Date(),
): Promise<AdminIdentity | null> {
  const session = await db.adminSession.findUnique({
    where: { tokenHash: hashToken(sessionToken) },
    select: { expiresAt: true, admin: { select: { id: true, email: true, name: true } } },
  });
  if (!session || session.expiresAt <= now) return null;
  return { adminId: session.admin.id, email: session.admin.email, name: session.admin.name, via: 'session' };
}

/** A new API token, shown once; it works until revoked or, when given, until `expiresAt`. */
export async function createApiToken(db: Db, adminId: string, name: string, expiresAt: Date | null = null) {
  const token = `jst_${crypto.randomBytes(32).toString('base64url')}`;
  const row = await db.apiToken.create({
    data: { tokenHash: hashToken(token), adminId, name, expiresAt },
    select: { id: true, name: true, createdAt: true, expiresAt: true },
  });
  return { ...row, token };
}

export async function identifyApiToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<AdminIdentity | null> {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      revokedAt: true,
      expiresAt: true,
      admin: { select: { id: true, email: true, name: true } },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { adminId: row.admin.id, email: row.admin.email, name: row.admin.name, via: 'token' };
}

export function listApiTokens(db: Db, adminId: string) {
  return db.apiToken.findMany({
    where: { adminId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
  });
}

/** Revokes one of the admin's live tokens; false when it has no such token. */
export async function revokeApiToken(db: Db, adminId: string, id: string): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({
    where: { id, adminId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}
