/**
 * An award decision printed as the worker prints it (Chromium), read back with poppler: the GB/T 9704 layout —
 * A4, the text block inside the 37 mm top and 28 mm binding-side margins, the document number under the red
 * header, the attachment on a page of its own, page numbers "— N —" and the 印发 line on the last page — with
 * every font embedded and every character drawable; and an office's own fonts used from DOCUMENT_FONTS_DIR.
 */
import { fallbackIssuer } from '../activities/documents/official';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import opentype from 'opentype.js';
import { decisionHtml, type ListedAwardee } from '../activities/awards/documents';
import { renderPdf, useDocumentFonts } from '../activities/documents/pdf';
import { darkPixels, pdfFonts, uncovered } from './support/pdf-fonts';
import { artifact } from './support/browser';
import { firstPagePng, pageText, pdfPages, textBlockOf } from './support/pdf-layout';
import { sealPng } from './support/seal-png';

/** The free faces the official style falls back to on Debian (fonts-noto-cjk, fonts-wqy-zenhei). */
const FREE_FACES = ['Noto Serif CJK SC', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei'];

/** A font of the given family that draws A–Z as boxes: a font that exists only in the office's folder. */
function boxFont(family: string): ArrayBuffer {
  const box = (unicode: number) => {
    const p = new opentype.Path();
    p.moveTo(100, 0);
    p.lineTo(500, 0);
    p.lineTo(500, 700);
    p.lineTo(100, 700);
    p.close();
    return new opentype.Glyph({ name: `box${unicode}`, unicode, advanceWidth: 600, path: p });
  };
  const notdef = new opentype.Glyph({ name: '.notdef', advanceWidth: 600, path: new opentype.Path() });
  const glyphs = [notdef, ...Array.from({ length: 26 }, (_, i) => box(65 + i))];
  return new opentype.Font({
    familyName: family,
    styleName: 'Regular',
    unitsPerEm: 1000,
    ascender: 800,
    descender: -200,
    glyphs,
  }).toArrayBuffer();
}

const list: ListedAwardee[] = Array.from({ length: 60 }, (_, i) => ({
  category: i < 40 ? 'WORKER_PIONEER' : 'CHIEF_EMPLOYEE',
  nomineeName: i < 40 ? `先锋班组${i + 1}` : `首席员工${i - 39}`,
  unit: `测试单位${(i % 7) + 1}`,
  position: null,
}));

it('prints an award decision in the official layout', async () => {
  const html = decisionHtml(
    {
      federation: '平顶山市总工会',
      title: '2026年度工人先锋号和首席员工评选',
      year: 2026,
      issuers: [fallbackIssuer('平工文', '平顶山市总工会')],
    },
    { list, number: 3, issuedAt: new Date('2026-12-01T02:00:00Z') },
  );
  const file = artifact('award-decision.pdf');
  fs.writeFileSync(file, await renderPdf(html, process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'));
  const info = execFileSync('pdfinfo', [file]).toString();
  expect(info).toMatch(/Page size:.*\(A4\)/);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  expect(pages).toBeGreaterThanOrEqual(3);

  // Every word of the body sits inside the text block: 28 mm from the left, below the 37 mm top margin.
  const block = textBlockOf(file);
  expect(block.left).toBeGreaterThanOrEqual(28 - 0.4);
  expect(block.top).toBeGreaterThanOrEqual(37 - 0.4);
  expect(block.right).toBeLessThanOrEqual(210 - 26 + 0.4);
  // Header, number, title in that order.
  const first = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-']).toString();
  const at = (s: string) => first.indexOf(s);
  expect(at('平顶山市总工会')).toBeGreaterThanOrEqual(0);
  expect(at('平工文〔2026〕3号')).toBeGreaterThan(at('平顶山市总工会'));
  expect(at('关于表彰')).toBeGreaterThan(at('平工文〔2026〕3号'));
  expect(first).toMatch(/—\s*1\s*—/);
  // The attachment starts a page; the last page carries the 印发 line.
  const page = (n: number) =>
    execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-']).toString();
  const attachmentPage = Array.from({ length: pages }, (_, i) => i + 1).find((n) =>
    /^\s*附件\s*$/m.test(page(n)),
  );
  expect(attachmentPage).toBeGreaterThan(1);
  // The signature page also holds text: the last paragraph goes with the signature and seal.
  expect(page(attachmentPage! - 1)).toContain('2026年12月1日');
  expect(page(attachmentPage! - 1)).toContain('希望受到表彰');
  expect(page(pages)).toMatch(/平顶山市总工会办公室\s+2026年12月1日印发/);
  expect(page(pages)).toMatch(new RegExp(`—\\s*${pages}\\s*—`));

  // Every font is embedded, and every character of the document is one the style's free faces can draw (none
  // falls back to a box); the check itself names a character no font has.
  const fonts = pdfFonts(file);
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.filter((f) => !f.embedded)).toEqual([]);
  const text = execFileSync('pdftotext', [file, '-']).toString();
  expect(uncovered(text, FREE_FACES)).toEqual([]);
  expect(uncovered('\uE000', FREE_FACES)).toEqual(['\uE000']);
}, 60_000);

it("prints with an office's own fonts from DOCUMENT_FONTS_DIR", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'office-fonts-'));
  try {
    fs.writeFileSync(path.join(dir, 'office.otf'), Buffer.from(boxFont('JingsaiOfficeFangSong')));
    const html =
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head>' +
      '<body><p style="font-family: JingsaiOfficeFangSong, serif; font-size: 32pt">ABCXYZ</p></body></html>';
    const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    // The folder's font draws every letter as a filled box: printed with it, the page carries far more ink.
    const ink = async () => {
      const out = path.join(dir, 'out.pdf');
      fs.writeFileSync(out, await renderPdf(html, chromium));
      expect(pdfFonts(out).every((f) => f.embedded)).toBe(true);
      return darkPixels(out);
    };
    useDocumentFonts(dir);
    const withFonts = await ink();
    useDocumentFonts(undefined);
    const without = await ink();
    // Measured: 864 dark pixels with the boxes, 373 with the letters of the fallback face.
    expect(withFonts).toBeGreaterThan(without * 2);
  } finally {
    useDocumentFonts(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

it('prints a joint decision: both issuers beside 文件 in the header, each seal over its name at the signature', async () => {
  const seal = { sealImage: new Uint8Array(sealPng()), sealMediaType: 'image/png' };
  const html = decisionHtml(
    {
      federation: '平顶山市总工会、平顶山市应急管理局',
      title: '2026年度安康杯竞赛',
      year: 2026,
      issuers: [
        { ...fallbackIssuer('平工文', '平顶山市总工会'), ...seal, copyTo: ['河南省总工会'] },
        { ...fallbackIssuer('平应急', '平顶山市应急管理局'), ...seal, copyTo: ['河南省应急管理厅'] },
      ],
    },
    { list: list.slice(0, 3), number: 4, issuedAt: new Date('2026-12-01T02:00:00Z') },
  );
  const file = artifact('award-decision-joint.pdf');
  fs.writeFileSync(file, await renderPdf(html, process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'));
  firstPagePng(file, artifact('award-decision-joint.png'));
  const first = pageText(file, 1);
  // The lead issuer first, the co-issuer under it, 文件 beside them; numbered in the lead's series.
  expect(first).toMatch(/平\s*顶\s*山\s*市\s*总\s*工\s*会\s+文件\s*\n\s*平顶山市应急管理局/);
  expect(first).toContain('平工文〔2026〕4号');
  const { pages } = pdfPages(file);
  const signature = Array.from({ length: pages }, (_, i) => i + 1).find((n) =>
    pageText(file, n).includes('2026年12月1日'),
  )!;
  expect(pageText(file, signature)).toMatch(/平顶山市总工会\s+平顶山市应急管理局/);
  const images = execFileSync('pdfimages', ['-list', '-f', String(signature), '-l', String(signature), file])
    .toString()
    .split('\n')
    .filter((l) => /^\s*\d+\s+\d+\s+image\s/.test(l));
  expect(images).toHaveLength(2);
  // Both issuers' 抄送 in the colophon.
  expect(pageText(file, pages)).toContain('抄送：河南省总工会，河南省应急管理厅。');
}, 60_000);
