/**
 * The local mailbox page holds every link token: it answers this machine only (by the socket's address, so a
 * forged X-Forwarded-For does not help) unless MAILBOX_PUBLIC opened it, and its files are the user's alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { mailboxRouter } from '../api/mailbox';
import { errorHandler } from '../api/errors';
import { MailCatcher } from '../stack/mail-catcher';
import { freePort, quietLog } from './support/servers';
import nodemailer from 'nodemailer';

const external = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let dir: string;
const servers: Server[] = [];
let catcher: MailCatcher;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailbox-access-'));
  const port = await freePort();
  catcher = new MailCatcher({ port, dir: path.join(dir, 'mailbox'), log: quietLog });
  await catcher.start();
  await nodemailer
    .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
    .sendMail({ from: 'a@test.example', to: 'b@test.example', subject: '链接', text: 'token' });
});

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await catcher.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function serve(open: boolean): Promise<number> {
  const app = express();
  app.use(mailboxRouter(path.join(dir, 'mailbox'), open));
  app.use(errorHandler(quietLog));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '0.0.0.0', () => resolve(s));
  });
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

it('keeps the mails readable by this user only', () => {
  const box = path.join(dir, 'mailbox');
  expect(fs.statSync(box).mode & 0o777).toBe(0o700);
  const files = fs.readdirSync(box).filter((f) => f.endsWith('.eml'));
  expect(files.length).toBe(1);
  expect(fs.statSync(path.join(box, files[0]!)).mode & 0o777).toBe(0o600);
});

it('answers this machine, not another address, unless opened', async () => {
  if (!external) throw new Error('this test needs a non-loopback IPv4 address to connect from');
  const closed = await serve(false);
  expect((await fetch(`http://127.0.0.1:${closed}/mailbox`)).status).toBe(200);
  const fromAfar = await fetch(`http://${external}:${closed}/mailbox`, {
    headers: { 'x-forwarded-for': '127.0.0.1' },
  });
  expect(fromAfar.status).toBe(404);
  const open = await serve(true);
  expect((await fetch(`http://${external}:${open}/mailbox`)).status).toBe(200);
});
