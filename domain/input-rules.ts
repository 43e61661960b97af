/**
 * What can be stored: the one rule for text and figures that every edge (link forms, the JSON API, the console)
 * and every workflow validator applies, so nothing PostgreSQL would refuse ever reaches an activity.
 *
 * Choices where the issue left them open:
 * - Text: NUL, other C0/C1 control characters (tab, line feed and carriage return excepted), unpaired surrogates
 *   and bidirectional override/isolate characters are refused, not silently removed: a person sees what was wrong
 *   and what they sent is never altered behind their back. Lengths count characters (code points), not UTF-16 units.
 * - Figures typed into forms are read by one strict grammar: digits, thousands grouping only when well formed
 *   (`1,234,567`), one decimal point, at most `FIGURE_SCALE` decimals, nothing else. Full-width digits, decimal
 *   point and comma (what a Chinese input method types) are normalised to ASCII first. Exponents, hex, binary,
 *   octal prefixes, signs (so no `-0`), spaces inside and a decimal comma are refused.
 * - Range: every figure column is Decimal(18,4); figures are also carried as JavaScript numbers, which hold 15
 *   significant digits exactly. So a figure is at most `FIGURE_MAX` (11 digits before the point, 4 after): read
 *   back exactly, far above any real count of a city's workers.
 *
 * Pure and dependency-free: workflow code imports it.
 */

export type TextProblem = 'nul' | 'control' | 'surrogate' | 'bidi' | 'tooLong';

/** C0 controls but tab, LF and CR; DEL; C1 controls. NUL is told apart below. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Embedding, override and isolate controls (LRE … RLO, LRI … PDI): they can disguise what a text says. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** Characters as a person counts them (an emoji is one). */
export function characterCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Why a text cannot be stored, or null when it can. `max` counts characters. */
export function textProblem(s: string, max: number): TextProblem | null {
  if (s.includes('\u0000')) return 'nul';
  if (CONTROL.test(s)) return 'control';
  if (hasLoneSurrogate(s)) return 'surrogate';
  if (BIDI.test(s)) return 'bidi';
  if (characterCount(s) > max) return 'tooLong';
  return null;
}

/** Every string anywhere inside a value (a request body, a payload): the path of the first that cannot be stored. */
export function firstUnstorableText(
  value: unknown,
  max = Number.MAX_SAFE_INTEGER,
  path = '',
): { path: string; problem: TextProblem } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value, max);
    return problem ? { path: path || '(body)', problem } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstUnstorableText(item, max, path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key, 200);
      if (keyProblem) return { path: path || '(body)', problem: keyProblem };
      const found = firstUnstorableText(item, max, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

// ───────────── Figures ─────────────

export const FIGURE_SCALE = 4;
export const FIGURE_MAX = 99_999_999_999.9999;
export const SCORE_SCALE = 2;

/** What a figure measures: a count of things (whole), a share in percent (0–100), or any other amount. */
export type Measure = 'COUNT' | 'SHARE' | 'AMOUNT';

export type FigureProblem =
  'notANumber' | 'negative' | 'tooLarge' | 'tooManyDecimals' | 'notWhole' | 'shareOver100' | 'grouping';

export interface FigureRule {
  measure: Measure;
  /** Largest value allowed; FIGURE_MAX unless the measure says less. */
  max?: number;
  /** Decimals allowed; FIGURE_SCALE unless said. */
  scale?: number;
}

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0C]/g;

/** Full-width digits, point and comma as ASCII, so what a Chinese input method types reads the same. */
export function normaliseFullWidth(raw: string): string {
  return raw.replace(FULL_WIDTH, (c) => {
    if (c === '\uFF0E') return '.';
    if (c === '\uFF0C') return ',';
    return String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30);
  });
}

const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const GROUPED = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * A figure typed as text, by the strict grammar above. An empty string is "nothing entered" (null), which the
 * caller decides about.
 */
export function parseFigure(
  raw: string,
  rule: FigureRule,
): { value: number | null; problem?: undefined } | { value?: undefined; problem: FigureProblem } {
  const s = normaliseFullWidth(raw.trim());
  if (s === '') return { value: null };
  if (/^[-−]/.test(s)) return { problem: PLAIN.test(s.slice(1)) ? 'negative' : 'notANumber' };
  const m = PLAIN.exec(s) ?? GROUPED.exec(s);
  if (!m) return { problem: /^[\d,]+(\.\d+)?$/.test(s) ? 'grouping' : 'notANumber' };
  const decimals = m[2] ?? '';
  if (decimals.length > (rule.scale ?? FIGURE_SCALE)) return { problem: 'tooManyDecimals' };
  const value = Number(`${m[1]!.replace(/,/g, '')}${decimals ? `.${decimals}` : ''}`);
  return figureProblem(value, rule) ?? { value };
}

/** Decimals of a JavaScript number as written in shortest form; Infinity for what needs an exponent to write. */
function decimalsOf(n: number): number {
  const s = String(n);
  if (s.includes('e')) return s.includes('e-') ? Infinity : 0;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Why a number (from JSON or parsed) cannot be stored under the rule, or null. */
export function numberProblem(value: unknown, rule: FigureRule): FigureProblem | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'notANumber';
  if (value < 0 || Object.is(value, -0)) return 'negative';
  const max = rule.measure === 'SHARE' ? Math.min(100, rule.max ?? 100) : (rule.max ?? FIGURE_MAX);
  if (value > max) return rule.measure === 'SHARE' ? 'shareOver100' : 'tooLarge';
  if (decimalsOf(value) > (rule.scale ?? FIGURE_SCALE)) return 'tooManyDecimals';
  if (rule.measure === 'COUNT' && !Number.isInteger(value)) return 'notWhole';
  return null;
}

function figureProblem(value: number, rule: FigureRule): { problem: FigureProblem } | null {
  const problem = numberProblem(value, rule);
  return problem ? { problem } : null;
}

/** How an indicator's figures are measured: shares are recomputed percentages, summed figures are counts. */
export function measureOf(aggregation: 'SUM' | 'SHARE' | undefined): Measure {
  if (aggregation === 'SHARE') return 'SHARE';
  if (aggregation === 'SUM') return 'COUNT';
  return 'AMOUNT';
}
