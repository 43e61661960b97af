/** A4 PDFs of archived documents: the same HTML printed by a headless Chromium (Debian's, driven by playwright-core). */
import fs from 'node:fs';
import { chromium } from 'playwright-core';

/** CHROMIUM_PATH, else Debian's chromium when it is installed; without one, documents are HTML only. */
export function findChromium(configured?: string | null): string | undefined {
  if (configured === null) return undefined;
  if (configured) return configured;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
}

export interface PdfPrinter {
  print(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** One Chromium for many documents (a certificate per awardee): starting it costs far more than a page. */
export async function openPdfPrinter(executablePath: string): Promise<PdfPrinter> {
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
  return {
    async print(html) {
      const page = await browser.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}

export async function renderPdf(html: string, executablePath: string): Promise<Buffer> {
  const printer = await openPdfPrinter(executablePath);
  try {
    return await printer.print(html);
  } finally {
    await printer.close();
  }
}
