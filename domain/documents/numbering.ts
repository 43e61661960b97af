/**
 * How an official document is cited (GB/T 9704-2012, 发文字号): the issuer's prefix, the year in 〔〕, the number
 * without leading zeros and 号 — 平工文〔2026〕5号. A document not yet issued has no number: it is a 样稿.
 */
export const documentNumber = (prefix: string, year: number, number: number) =>
  `${prefix}〔${year}〕${number}号`;

/** What a preview shows where the number will be, and across the page. */
export const DRAFT_MARK = '样稿';
