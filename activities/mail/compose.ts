/**
 * From an outbox row (a notification kind and its data) to a complete email: each feature prepares its own kinds
 * (notification-registry.ts); here the prepared mail is rendered with its HTML and plain-text parts in the
 * recipient's language and, for the kinds that ask someone to act, the link the sender minted.
 */
import { inLocale, renderInLayout, translate } from '../../templates/render';
import { servedFederation } from '../../stores/organisation/queries';
import type { Db } from '../../stores/db';
import { formatDue } from '../../templates/labels';
import { UnsendableMailError, type OutboxRow, type PreparedMail, type RenderedMail } from './view';
import { batchReads, type SharedReads } from './shared-reads';
import { preparerOf } from './registry';

export { UnsendableMailError, type OutboxRow } from './view';

/** Reads what the email needs from the database and decides its template, subject and link. */
export async function prepareMail(
  db: Db,
  row: OutboxRow,
  graceMs: number,
  reads: SharedReads = batchReads(),
): Promise<PreparedMail> {
  const prepare = preparerOf(row.kind);
  if (!prepare) throw new UnsendableMailError(`no email template for notification kind "${row.kind}"`);
  const [prepared, federation] = await Promise.all([
    prepare(db, row, (row.data ?? {}) as Record<string, unknown>, graceMs, reads),
    reads.once('federation', () => servedFederation(db)),
  ]);
  // Every mail is headed with the federation's own name, as its pages are.
  const federationName = federation ? inLocale(prepared.locale, federation.nameZh, federation.nameEn) : null;
  return { ...prepared, view: { ...prepared.view, federationName } };
}

/** Renders the prepared email, with the link (when it has one) already minted by the sender. */
export function renderMail(prepared: PreparedMail, link?: { url: string; expiresAt: Date }): RenderedMail {
  const view = {
    ...prepared.view,
    link: link?.url,
    linkExpires: link ? formatDue(prepared.locale, link.expiresAt.toISOString()) : undefined,
  };
  const subject = translate(prepared.locale, prepared.subjectKey, view);
  return {
    subject,
    html: renderInLayout('emails/layout.html.hbs', `emails/${prepared.template}.html.hbs`, {
      ...view,
      subject,
    }),
    text: renderInLayout('emails/layout.text.hbs', `emails/${prepared.template}.text.hbs`, {
      ...view,
      subject,
    }),
  };
}
