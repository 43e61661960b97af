/**
 * The whole system on its embedded mail defaults (the local mailbox catches every email, as under `npm start`)
 * with a Chromium page, for browser tests that act from emailed links.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { MailCatcher } from '../../stack/mail-catcher';
import { launchBrowser } from './browser';
import { freePort, quietLog, tempDir } from './servers';
import { startTestStack, type TestStack } from './test-stack';

export interface MailboxBrowser {
  stack: TestStack;
  browser: Browser;
  page: Page;
  /** Opens the mailbox and waits for the `nth` mail to `to` whose subject holds `subject`, then opens that mail. */
  openMail(to: string, subject: string, nth?: number): Promise<void>;
  /** Opens that mail as `openMail` does and follows its first link. */
  openFromMailbox(to: string, subject: string, nth?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startMailboxBrowser(
  taskQueue: string,
  viewport = { width: 1000, height: 900 },
): Promise<MailboxBrowser> {
  const dataDir = tempDir('browser');
  const mailboxPort = await freePort();
  const catcher = new MailCatcher({ port: mailboxPort, dir: path.join(dataDir, 'mailbox'), log: quietLog });
  await catcher.start();
  const stack = await startTestStack({
    taskQueue,
    worker: true,
    // As under `npm start`, whose API role alone serves the mailbox page.
    env: {
      SMTP_URL: '',
      MAILBOX_SMTP_PORT: String(mailboxPort),
      DATA_DIR: dataDir,
      MAIL_POLL_MS: '100',
      JINGSAI_MAILBOX_PAGE: '1',
    },
  });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });

  async function openMail(to: string, subject: string, nth = 1): Promise<void> {
    const deadline = Date.now() + 40_000;
    for (;;) {
      await page.goto(`${stack.config.publicUrl}/mailbox`);
      const rows = page.locator('table.mailbox tbody tr', { hasText: to }).filter({ hasText: subject });
      const count = await rows.count();
      if (count >= nth) {
        // Newest first: the nth arrival is counted from the bottom.
        await rows
          .nth(count - nth)
          .locator('a')
          .click();
        await page.waitForLoadState();
        return;
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${to} about "${subject}" in the mailbox`);
      await page.waitForTimeout(300);
    }
  }
  return {
    stack,
    browser,
    page,
    openMail,
    async openFromMailbox(to, subject, nth = 1) {
      await openMail(to, subject, nth);
      await page.locator('ul.links a').first().click();
      await page.waitForLoadState();
    },
    async stop() {
      await browser.close();
      await stack.stop();
      await catcher.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
