import fc from 'fast-check';
import {
  characterCount,
  FIGURE_MAX,
  firstUnstorableText,
  normaliseFullWidth,
  numberProblem,
  parseFigure,
  textProblem,
} from './input-rules';
import { payloadIssues } from './submissions';

describe('text that can be stored', () => {
  it('refuses what PostgreSQL refuses or what disguises a text, and counts characters as people do', () => {
    expect(textProblem('平顶山市总工会\n第二行\t制表', 100)).toBeNull();
    expect(textProblem('a\u0000b', 100)).toBe('nul');
    expect(textProblem('a\u0007b', 100)).toBe('control');
    expect(textProblem('a\u0085b', 100)).toBe('control');
    expect(textProblem('a\ud800b', 100)).toBe('surrogate');
    expect(textProblem('a\udc00', 100)).toBe('surrogate');
    expect(textProblem('invoice\u202Efdp.exe', 100)).toBe('bidi');
    expect(textProblem('x\u2067y', 100)).toBe('bidi');
    expect(textProblem('😀'.repeat(5), 5)).toBeNull();
    expect(textProblem('😀'.repeat(6), 5)).toBe('tooLong');
    expect(characterCount('工会😀')).toBe(3);
  });

  it('finds the first unstorable string anywhere in a body, keys included', () => {
    expect(firstUnstorableText({ a: ['ok', { b: 'x\u0000' }] })).toEqual({ path: 'a.1.b', problem: 'nul' });
    expect(firstUnstorableText({ 'k\u0000': 1 })).toEqual({ path: '(body)', problem: 'nul' });
    expect(firstUnstorableText({ a: 1, b: [true, null, '中文'] })).toBeNull();
  });

  it('refuses the same texts in every free-text field of a submission', () => {
    const issues = payloadIssues(
      'plan',
      { title: 'a\u0000', summary: 'ok', measures: ['\ud800'], campaigns: [] },
      [],
    );
    expect(issues).toEqual([
      expect.objectContaining({ path: 'title', code: 'text.nul' }),
      expect.objectContaining({ path: 'measures.0', code: 'text.surrogate' }),
    ]);
  });
});

describe('figures typed into a form', () => {
  const count = { measure: 'COUNT' as const };
  const share = { measure: 'SHARE' as const };
  const amount = { measure: 'AMOUNT' as const };

  it('reads digits, well-formed grouping and a decimal point, and nothing looser', () => {
    expect(parseFigure('1,234', count)).toEqual({ value: 1234 });
    expect(parseFigure('1,234,567.25', amount)).toEqual({ value: 1234567.25 });
    expect(parseFigure('  42 ', count)).toEqual({ value: 42 });
    expect(parseFigure('', count)).toEqual({ value: null });
    expect(parseFigure('1,2,3', count)).toEqual({ problem: 'grouping' });
    expect(parseFigure('5,0', amount)).toEqual({ problem: 'grouping' });
    expect(parseFigure('12,34', amount)).toEqual({ problem: 'grouping' });
    for (const loose of [
      '0x10',
      '0b101',
      '0o17',
      '1e3',
      '1e-400',
      'Infinity',
      'NaN',
      '1 000',
      '+5',
      '.5',
      '5.',
      '1..2',
    ])
      expect(parseFigure(loose, amount)).toEqual({ problem: 'notANumber' });
    expect(parseFigure('-0', amount)).toEqual({ problem: 'negative' });
    expect(parseFigure('-3', amount)).toEqual({ problem: 'negative' });
  });

  it('normalises full-width digits, point and comma', () => {
    expect(normaliseFullWidth('１２，３４５．５')).toBe('12,345.5');
    expect(parseFigure('１２，３４５', count)).toEqual({ value: 12345 });
  });

  it('holds each figure to its measure, scale and range', () => {
    expect(parseFigure('150', share)).toEqual({ problem: 'shareOver100' });
    expect(parseFigure('99.5', share)).toEqual({ value: 99.5 });
    expect(parseFigure('2.5', count)).toEqual({ problem: 'notWhole' });
    expect(parseFigure('0.123456789012345678901234567890', amount)).toEqual({ problem: 'tooManyDecimals' });
    expect(parseFigure('1.2345', amount)).toEqual({ value: 1.2345 });
    expect(parseFigure('100000000000000', count)).toEqual({ problem: 'tooLarge' });
    expect(parseFigure('99,999,999,999.9999', amount)).toEqual({ value: FIGURE_MAX });
    expect(parseFigure('1.234', { measure: 'AMOUNT', scale: 2 })).toEqual({ problem: 'tooManyDecimals' });
  });

  it('holds JSON numbers to the same rules', () => {
    expect(numberProblem(1e15, count)).toBe('tooLarge');
    expect(numberProblem(1e23, amount)).toBe('tooLarge');
    expect(numberProblem(-0, amount)).toBe('negative');
    expect(numberProblem(1e-7, amount)).toBe('tooManyDecimals');
    expect(numberProblem(0.1 + 0.2, amount)).toBe('tooManyDecimals');
    expect(numberProblem(150, share)).toBe('shareOver100');
    expect(numberProblem(3.5, count)).toBe('notWhole');
    expect(numberProblem('5', amount)).toBe('notANumber');
    expect(numberProblem(42, count)).toBeNull();
  });

  it('reads back exactly every figure it accepts, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (raw) => {
        const r = parseFigure(raw, amount);
        if (r.problem || r.value === null) return;
        expect(numberProblem(r.value, amount)).toBeNull();
        const typed = normaliseFullWidth(raw.trim()).replace(/,/g, '');
        expect(Number(typed)).toBe(r.value);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 99_999_999_999n }),
        fc.integer({ min: 0, max: 9999 }),
        (whole, frac) => {
          const text = `${whole}.${String(frac).padStart(4, '0')}`;
          const r = parseFigure(text, amount);
          expect(r.problem).toBeUndefined();
          // The value written back with the column's scale is the text typed: nothing lost on the way.
          expect(r.value!.toFixed(4)).toBe(text);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
