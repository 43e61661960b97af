/** A4 PDFs of archived documents: the same HTML printed by a headless Chromium (Debian's, driven by playwright-core). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/**
 * DOCUMENT_FONTS_DIR: an office's own (licensed) font files — 方正小标宋, 仿宋_GB2312, 楷体_GB2312 — which the official
 * style names first. Set once at start-up by the role that prints; Chromium finds them through a fontconfig file
 * that adds the folder to the system's fonts.
 */
let fontsConfig: string | undefined;

export function useDocumentFonts(dir: string | undefined): void {
  if (!dir) {
    fontsConfig = undefined;
    return;
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'jingsai-fonts-'));
  const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  fontsConfig = path.join(home, 'fonts.conf');
  fs.writeFileSync(
    fontsConfig,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${xml(path.resolve(dir))}</dir>
  <cachedir>${xml(path.join(home, 'cache'))}</cachedir>
</fontconfig>
`,
  );
}

/** One Chromium for many documents (a certificate per awardee): starting it costs far more than a page. */
export async function openPdfPrinter(executablePath: string): Promise<PdfPrinter> {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    ...(fontsConfig ? { env: { ...process.env, FONTCONFIG_FILE: fontsConfig } } : {}),
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
