/**
 * What every notification's email is made of, whatever its feature: the outbox row it comes from, the prepared
 * mail (template, subject, view, link).
 */
import type { Locale } from '../../templates/render';
import type { Db } from '../../stores/db';
import type { SharedReads } from './shared-reads';

export interface OutboxRow {
  id: string;
  kind: string;
  idempotencyKey: string;
  personId: string | null;
  toEmail: string;
  locale: string;
  data: unknown;
}

/** What a link lets its holder do: submit the step, score, or vote with one of the listed outcomes. */
export interface LinkRequest {
  personId: string;
  /** What the link acts on (ActionToken.subjectKind and subjectId). */
  subjectKind: string;
  subjectId: string;
  /** Set for assessment links. */
  assessmentId?: string;
  step: string;
  actions: string[];
  version: number | null;
  expiresAt: Date;
}

export interface PreparedMail {
  locale: Locale;
  template: string;
  subjectKey: string;
  view: Record<string, unknown> & { locale: Locale };
  link: LinkRequest | null;
  /** An archived document whose A4 PDF goes with the mail (a notice, a decision, a bulletin). */
  attachDocumentId?: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** A notification that can never become an email (unknown kind, missing assessment): retrying cannot help. */
export class UnsendableMailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsendableMailError';
  }
}

export type MailData = Record<string, unknown>;

/** A feature's preparation of one of its notification kinds (reads through `reads` what mails of a batch share). */
export type PrepareMail = (
  db: Db,
  row: OutboxRow,
  data: MailData,
  graceMs: number,
  reads: SharedReads,
) => Promise<PreparedMail>;
export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
