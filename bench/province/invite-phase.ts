/**
 * Invite: every invitation the fan-out queued, delivered to the local mailbox by M `npm run mailer` processes
 * (the workers send none; each sends MAIL_SENDERS at once), timed from its first delivery to its last, against a bare
 * Nodemailer loop: one message after another over one pooled connection to the same mailbox, of the same size,
 * with none of the outbox's work (claiming, rendering, minting the link, recording it sent).
 */
import nodemailer from 'nodemailer';
import type { ProvinceStack } from './stack';

/** The bare loop sends at most this many: its rate is steady long before. */
const BARE_MAX = 20_000;

export interface InviteResult {
  invitations: number;
  ms: number;
  bare: number;
  bareMs: number;
}

async function bareSend(
  stack: ProvinceStack,
  n: number,
  mail: { subject: string; html: string; text: string },
) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: stack.mailPort,
    pool: true,
    maxConnections: 1,
  });
  try {
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
      await transport.sendMail({ from: 'bench@prov.example', to: `bare${i}@prov.example`, ...mail });
    return performance.now() - t0;
  } finally {
    transport.close();
  }
}

export async function invitePhase(
  stack: ProvinceStack,
  mailers: number,
  log: (m: string) => void,
): Promise<InviteResult> {
  const invitations = await stack.db.outboxMessage.count({ where: { status: 'PENDING' } });
  const before = stack.delivered();
  stack.startMailers(mailers);
  // From the first delivery: the mailer's own start (loading its code) is not sending.
  while (stack.delivered() === before) await new Promise((r) => setTimeout(r, 20));
  const t0 = performance.now();
  while (stack.delivered() - before < invitations) await new Promise((r) => setTimeout(r, 500));
  const ms = performance.now() - t0;
  log(
    `invitations: ${invitations} delivered in ${(ms / 1000).toFixed(1)} s (${((invitations / ms) * 1000).toFixed(0)}/s)`,
  );
  const sample = await stack.db.outboxMessage.findFirstOrThrow({
    where: { status: 'SENT' },
    orderBy: { createdAt: 'asc' },
    select: { subject: true, html: true, text: true },
  });
  const bare = Math.min(invitations, BARE_MAX);
  const bareMs = await bareSend(stack, bare, sample);
  log(
    `bare Nodemailer loop: ${bare} sent in ${(bareMs / 1000).toFixed(1)} s (${((bare / bareMs) * 1000).toFixed(0)}/s)`,
  );
  return { invitations, ms, bare, bareMs };
}
