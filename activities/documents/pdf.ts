/** The PDF of a bulletin: the same HTML printed on A4 by a headless Chromium (Debian's, driven by playwright-core). */
import fs from 'node:fs';
import { chromium } from 'playwright-core';

/** CHROMIUM_PATH, else Debian's chromium when it is installed; without one, bulletins are HTML only. */
export function findChromium(configured?: string): string | undefined {
  if (configured) return configured;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
}

export async function renderPdf(html: string, executablePath: string): Promise<Buffer> {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // As root in a container Chromium needs --no-sandbox; the rest keeps it off a network it cannot reach.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
