/**
 * Generated hostile input for property tests through the real stack: texts with NUL, control characters, lone
 * surrogates, bidi overrides, CJK, emoji and huge lengths; figures in every notation a person or a script might send.
 */
import fc from 'fast-check';

const PIECES = [
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u0085',
  '\ud800',
  '\udc00',
  '\u202e',
  '\u2066',
  '工会',
  '劳动竞赛',
  '😀',
  '👨‍👩‍👧',
  '\t',
  '\n',
  '\r\n',
  ' ',
  '<script>alert(1)</script>',
  '\'; DROP TABLE "Submission"; --',
  'a',
];

export const hostileText = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 4 })), {
          maxLength: 8,
        })
        .map((a) => a.join('')),
    },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), '中'.repeat(5_001), '😀'.repeat(201)) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  );

/** Figures as typed into a form field. */
export const hostileFigureText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '1e15',
      '1e-400',
      '0x10',
      '0b101',
      '0o17',
      '-0',
      '1,2,3',
      '5,0',
      '1,234',
      '１２３',
      '１，２３４．５',
      'Infinity',
      'NaN',
      '99999999999999999999',
      '100000000000000',
      '0.123456789012345678901234567890',
      ' 12 ',
      '150',
      '99.99',
      '2.5',
      '',
      '\u0000',
      '1\u00002',
    ),
    fc.double({ noNaN: true }).map(String),
    fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
    // Plausible entries, so that accepted values are read back too: counts, grouped counts, shares.
    fc.nat({ max: 100 }).map(String),
    fc.nat({ max: 100 }).map(String),
    fc.nat({ max: 10_000_000 }).map((n) => n.toLocaleString('en-US')),
    fc.string({ unit: 'binary', maxLength: 12 }),
  );

/** Figures as a script sends them in JSON (NaN and ±Infinity become null on the wire). */
export const hostileJsonNumber = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(
      1e15,
      1e23,
      1e14,
      99_999_999_999.9999,
      -0,
      5e-324,
      0.1 + 0.2,
      150,
      2.5,
      0,
      42,
      '42',
      null,
      true,
    ),
    fc.double(),
    fc.nat({ max: 1_000_000 }),
  );
