/**
 * The local mailbox page of the embedded stack: every email the system sent while SMTP_URL was unset, newest
 * first, with its links clickable, so one person can play every role from one browser. Its mails hold every link
 * token, so it is served only under `npm start` and only to this machine unless MAILBOX_PUBLIC=true.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { simpleParser, type ParsedMail } from 'mailparser';
import { formatLocal } from '../domain/time-zone';
import { translate } from '../templates/render';
import { HttpError } from './errors';
import { sendPage } from './pages';

const SHOWN = 200;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** `open`: answer every address; otherwise only this machine (the socket's address, never a forwarded one). */
export function mailboxRouter(dir: string, open = false): Router {
  const router = Router();
  router.use('/mailbox', (req, _res, next) =>
    open || LOOPBACK.test(req.socket.remoteAddress ?? '')
      ? next()
      : next(new HttpError(404, 'not_found', 'No such page.')),
  );
  const parsed = new Map<string, ParsedMail>();

  async function read(name: string): Promise<ParsedMail> {
    let mail = parsed.get(name);
    if (!mail) {
      mail = await simpleParser(await fs.promises.readFile(path.join(dir, name)));
      parsed.set(name, mail);
    }
    return mail;
  }

  const summary = (id: string, mail: ParsedMail) => ({
    id,
    to: mail.to
      ? [mail.to]
          .flat()
          .map((a) => a.text)
          .join(', ')
      : '',
    subject: mail.subject ?? '',
    at: mail.date ? formatLocal(mail.date) : '',
  });

  router.get('/mailbox', async (_req, res) => {
    const names = fs.existsSync(dir)
      ? (await fs.promises.readdir(dir))
          .filter((n) => /^\d+-[0-9a-f]+\.eml$/.test(n))
          .sort()
          .reverse()
          .slice(0, SHOWN)
      : [];
    const messages = [];
    for (const name of names) messages.push(summary(name.slice(0, -4), await read(name)));
    sendPage(res, 200, 'mailbox', { locale: 'zh-CN', title: translate('zh-CN', 'mailbox.title'), messages });
  });

  router.get('/mailbox/:id', async (req, res) => {
    const id = req.params.id;
    if (!/^\d+-[0-9a-f]+$/.test(id) || !fs.existsSync(path.join(dir, `${id}.eml`)))
      throw new HttpError(404, 'not_found', `No message "${id}" in the local mailbox.`);
    const mail = await read(`${id}.eml`);
    const text = mail.text ?? '';
    sendPage(res, 200, 'mailbox-message', {
      locale: 'zh-CN',
      title: mail.subject ?? '',
      ...summary(id, mail),
      text,
      html: typeof mail.html === 'string' ? mail.html : '',
      links: [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])],
    });
  });

  return router;
}
