/** What the award browser tests share: a mailed link read from the mailbox, a page checked at phone width. */
import type { MailboxBrowser } from './mailbox-browser';
import { artifact } from './browser';

/** A 工人先锋号 team's nomination form, as a unit fills it. */
export const team = {
  category: 'WORKER_PIONEER',
  nomineeName: '先锋班组乙',
  isTeam: 'true',
  ownership: 'PUBLIC',
  industry: '电力',
  size: '9',
  deeds: '先锋班组乙全年安全无事故。',
  summary: '先锋班组乙的事迹。',
};

export function awardPages(env: MailboxBrowser) {
  const { page } = env;
  /** At phone width the page fits: nothing wider than the screen (wide tables scroll inside themselves). */
  async function fitsPhone(url: string, shot: string) {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(url);
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      expect([url, overflow]).toEqual([url, 0]);
      await page.screenshot({ path: artifact(`${shot}-phone.png`), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 });
    }
  }

  /** The link of the newest mail to `to` about `subject`, read from the mailbox. */
  async function linkOf(to: string, subject: string, nth = 1): Promise<string> {
    await env.openMail(to, subject, nth);
    return (await page.locator('ul.links a').first().getAttribute('href'))!;
  }

  return { fitsPhone, linkOf };
}
