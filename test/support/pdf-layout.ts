/** Where poppler finds the words of a printed page, for checking a document against GB/T 9704's text block. */
import { execFileSync } from 'node:child_process';

export const MM = 72 / 25.4;

export interface PlacedWord {
  x: number;
  /** The word's vertical centre (poppler's boxes take the font's whole height). */
  y: number;
  x2: number;
  text: string;
}

export function wordsOnPage(file: string, page = 1): PlacedWord[] {
  const bbox = execFileSync('pdftotext', [
    '-bbox',
    '-f',
    String(page),
    '-l',
    String(page),
    file,
    '-',
  ]).toString();
  return [
    ...bbox.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    ),
  ].map((m) => ({ x: Number(m[1]), y: (Number(m[2]) + Number(m[4])) / 2, x2: Number(m[3]), text: m[5]! }));
}

/** The page's words but its page number: they must lie in the 156 × 225 mm block 37 mm down and 28 mm in. */
export function textBlockOf(file: string, page = 1) {
  const body = wordsOnPage(file, page).filter((w) => !/^—|^\d+$/.test(w.text));
  return {
    left: Math.min(...body.map((w) => w.x)) / MM,
    top: Math.min(...body.map((w) => w.y)) / MM,
    right: Math.max(...body.map((w) => w.x2)) / MM,
  };
}

export const pageText = (file: string, page: number) =>
  execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']).toString();

export const pdfPages = (file: string) => {
  const info = execFileSync('pdfinfo', [file]).toString();
  return { a4: /Page size:.*\(A4\)/.test(info), pages: Number(/Pages:\s+(\d+)/.exec(info)![1]) };
};

/** The first page as a PNG next to the PDF, for a person to look at. */
export function firstPagePng(file: string, png: string) {
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    file,
    png.replace(/\.png$/, ''),
  ]);
}
