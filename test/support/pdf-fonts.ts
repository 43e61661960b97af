/**
 * What a printed PDF says of its fonts (poppler's pdffonts), how much ink its first page carries (rendered by
 * poppler's pdftoppm), and which characters the machine's fonts for the official style can draw (fontconfig's
 * charset of each family the style names): a character none of them has would be printed as a box.
 */
import { execFileSync } from 'node:child_process';

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  const lines = execFileSync('pdffonts', [file]).toString().split('\n').slice(2).filter(Boolean);
  // Columns: name, type (may hold spaces), encoding, emb, sub, uni, object, generation — read from the right.
  return lines.map((l) => {
    const cells = l.trim().split(/\s+/);
    const emb = cells[cells.length - 5];
    return { name: cells[0]!, type: cells.slice(1, cells.length - 6).join(' '), embedded: emb === 'yes' };
  });
}

/** The code points a family's font (as fontconfig resolves the name) covers. */
function charsetOf(family: string): Array<[number, number]> {
  const match = execFileSync('fc-match', ['-f', '%{family}\t%{file}\t%{index}', family]).toString();
  const [found, file, index] = match.split('\t');
  // fontconfig answers every name with something: only a font of that family counts.
  if (!found!.split(',').some((f) => f.toLowerCase() === family.toLowerCase())) return [];
  const ranges = execFileSync('fc-query', ['-f', '%{charset}', `--index=${index}`, file!]).toString();
  return ranges
    .trim()
    .split(/\s+/)
    .map((r) => {
      const [a, b] = r.split('-');
      return [parseInt(a!, 16), parseInt(b ?? a!, 16)] as [number, number];
    });
}

/** The characters of `text` that no installed family of `families` can draw. */
export function uncovered(text: string, families: string[]): string[] {
  const sets = families.map(charsetOf);
  const covered = (cp: number) => sets.some((s) => s.some(([a, b]) => cp >= a && cp <= b));
  return [...new Set([...text].filter((c) => !/\s/.test(c)))].filter((c) => !covered(c.codePointAt(0)!));
}

/** The dark pixels of the PDF's first page rendered in grey at 50 dpi. */
export function darkPixels(file: string): number {
  const pgm = execFileSync('pdftoppm', ['-r', '50', '-gray', '-f', '1', '-l', '1', file]);
  // Binary PGM: "P5 <width> <height> <max>" then one byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const p of pixels) if (p < 128) dark++;
  return dark;
}
