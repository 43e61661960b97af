/**
 * Admins and how they prove who they are: a password (locked for a while after repeated failures) that opens a
 * session kept in the database, or an API token for scripts. Tokens and session ids are random, shown once, and
 * stored only as SHA-256.
 */
import crypto from 'node:crypto';
import { hashToken } from '../links/action-tokens';
import type { Db } from '../db';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords';
import { auditData, recordAudit } from '../audit';

export const MAX_FAILED_SIGN_INS = 5;
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
  | { ok: true; token: string; adminId: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: Date };

/** Checks the password; the same answer for an unknown email and a wrong password, and a lock after 5 failures. */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  now = new Date(),
): Promise<SignInResult> {
  const admin = await db.admin.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!admin) {
    // Spend the same time as a real check, so timing does not tell which emails exist.
    await verifyPassword(
      password,
      'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    );
    return { ok: false, reason: 'invalid' };
  }
  if (admin.lockedUntil && admin.lockedUntil > now)
    return { ok: false, reason: 'locked', lockedUntil: admin.lockedUntil };
  if (!(await verifyPassword(password, admin.passwordHash))) {
    const failed = admin.failedAttempts + 1;
    const lock = failed >= MAX_FAILED_SIGN_INS;
    await db.admin.update({
      where: { id: admin.id },
      data: {
        failedAttempts: lock ? 0 : failed,
        lockedUntil: lock ? new Date(now.getTime() + LOCK_MS) : admin.lockedUntil,
      },
    });
    await recordAudit(db, {
      actor: admin.email,
      action: lock ? 'admin.locked' : 'admin.sign_in_failed',
      subjectType: 'Admin',
      subjectId: admin.id,
      detail: { failed },
    });
    return lock
      ? { ok: false, reason: 'locked', lockedUntil: new Date(now.getTime() + LOCK_MS) }
      : { ok: false, reason: 'invalid' };
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_MS);
  await db.$transaction([
    db.admin.update({ where: { id: admin.id }, data: { failedAttempts: 0, lockedUntil: null } }),
    db.adminSession.create({ data: { tokenHash: hashToken(token), adminId: admin.id, expiresAt } }),
    db.auditLog.create({
      data: auditData({
        actor: admin.email,
        action: 'admin.signed_in',
        subjectType: 'Admin',
        subjectId: admin.id,
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

export async function createApiToken(db: Db, adminId: string, name: string) {
  const token = `jst_${crypto.randomBytes(32).toString('base64url')}`;
  const row = await db.apiToken.create({
    data: { tokenHash: hashToken(token), adminId, name },
    select: { id: true, name: true, createdAt: true },
  });
  return { ...row, token };
}

export async function identifyApiToken(db: Db, token: string): Promise<AdminIdentity | null> {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, revokedAt: true, admin: { select: { id: true, email: true, name: true } } },
  });
  if (!row || row.revokedAt) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { adminId: row.admin.id, email: row.admin.email, name: row.admin.name, via: 'token' };
}

export function listApiTokens(db: Db, adminId: string) {
  return db.apiToken.findMany({
    where: { adminId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
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
