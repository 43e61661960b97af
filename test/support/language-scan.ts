/**
 * Finds English left on a page or mail meant for a Chinese reader: sentences of plain ASCII words and the names
 * of enums (WAITING_SUBMISSION, EXCELLENT…) that a catalogue should have translated. Addresses, e-mail addresses
 * and codes are not language and are left out first.
 */

/** Single-word enum values of the schema and the domain that must never reach a reader untranslated. */
const ENUM_WORDS = [
  'EXCELLENT',
  'GOOD',
  'PASS',
  'FAIL',
  'APPROVE',
  'AUTO_APPROVE',
  'RETURN',
  'RECTIFY',
  'ACKNOWLEDGE',
  'CONFIRM',
  'LAGGING',
  'AHEAD',
  'PENDING',
  'SENT',
  'FAILED',
  'RUNNING',
  'PAUSED',
  'COMPLETED',
  'CANCELLED',
  'FINISHED',
  'STARTING',
  'RANKING',
  'SUM',
  'SHARE',
  'COUNT',
  'AMOUNT',
  'ENTERPRISE',
  'FEDERATION',
  'LEVEL',
  'GROWTH',
  'RATIO',
  'CUMULATIVE',
];

const ENUM = new RegExp(
  `(?<![\\w.-])(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|${ENUM_WORDS.join('|')})(?![\\w.-])`,
  'g',
);
/** Three or more words of letters in a row: a sentence or phrase left in English. */
const SENTENCE = /(?<![\w.@/-])[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}(?![\w.@/-])/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** What a reader sees of an HTML page: its text, and the titles, labels and placeholders of its elements. */
export function visibleText(html: string): string {
  const attributes = [...html.matchAll(/\s(?:title|aria-label|placeholder|alt)="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return [body, ...attributes]
    .join('\n')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (ENTITIES[e.toLowerCase()] ?? whole),
    );
}

/** The English found in `text`, each with a little of its context. */
export function englishLeftIn(text: string): string[] {
  const plain = text
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ')
    .replace(/\b[a-z][a-z0-9]*(?:[.-][a-z0-9]+)+\b/g, ' ');
  const found = [...plain.matchAll(ENUM), ...plain.matchAll(SENTENCE)].map((m) => {
    const at = m.index ?? 0;
    return `${m[0]}  ‹${plain.slice(Math.max(0, at - 20), at + m[0].length + 20).replace(/\s+/g, ' ')}›`;
  });
  return [...new Set(found)];
}

const CJK = '\\u3400-\\u9fff';
const PUNCTUATION = [
  new RegExp(`[${CJK}][,;:?!](?![\\d/])`, 'g'),
  new RegExp(`[${CJK}]\\((?!\\d)|\\([${CJK}]|[${CJK}]\\)|\\)[${CJK}]`, 'g'),
  /。。|，，|；；/g,
];

/** ASCII punctuation inside Chinese text, and doubled full stops ("。。"). */
export function punctuationProblemsIn(text: string): string[] {
  const found = PUNCTUATION.flatMap((re) =>
    [...text.matchAll(re)].map((m) => {
      const at = m.index ?? 0;
      return `${m[0]}  ‹${text.slice(Math.max(0, at - 15), at + m[0].length + 15).replace(/\s+/g, ' ')}›`;
    }),
  );
  return [...new Set(found)];
}
