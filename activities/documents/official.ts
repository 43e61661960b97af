/**
 * The parts every official document shares, whatever its kind (GB/T 9704-2012): the issuers' red mark, the number
 * or the 样稿 mark, the signature with each issuer's seal over the date, and the 版记 (抄送, 印发). A kind of
 * document is a template of its own body that includes these partials (doc-header, doc-signature, doc-colophon),
 * a title rule and a series; the archive (archive.ts) numbers, prints and mails it.
 */
import { DRAFT_MARK, documentNumber } from '../../domain/documents/numbering';
import { wallClockAt } from '../../domain/time-zone';
import type { Db } from '../../stores/db';
import { issuersByPrefix, type IssuerRow } from '../../stores/documents/issuers';

export interface OfficialParts {
  issuers: Array<{ name: string; seal: string | null }>;
  /** Two issuers or more: the header stacks their names beside 文件, the signature sets them side by side. */
  joint: boolean;
  number: string;
  draft: boolean;
  date: string;
  copyTo: string;
  printedBy: string;
  printedOn: string;
}

export const chineseDate = (d: Date) => {
  const w = wallClockAt(d);
  return `${w.year}年${w.month}月${w.day}日`;
};

const sealSource = (i: Pick<IssuerRow, 'sealImage' | 'sealMediaType'>) =>
  i.sealImage && i.sealMediaType
    ? `data:${i.sealMediaType};base64,${Buffer.from(i.sealImage).toString('base64')}`
    : null;

/**
 * The shared parts for `issuers` (the lead first, whose series numbers it). `number` null: a preview, marked 样稿
 * and numbered nowhere.
 */
export function officialParts(
  issuers: IssuerRow[],
  v: { year: number; number: number | null; date: Date },
): OfficialParts {
  const lead = issuers[0];
  if (!lead) throw new Error('a document needs an issuer');
  const date = chineseDate(v.date);
  return {
    issuers: issuers.map((i) => ({ name: i.name, seal: sealSource(i) })),
    joint: issuers.length > 1,
    number:
      v.number === null
        ? `${lead.numberPrefix}〔${v.year}〕${DRAFT_MARK}`
        : documentNumber(lead.numberPrefix, v.year, v.number),
    draft: v.number === null,
    date,
    copyTo: [...new Set(issuers.flatMap((i) => i.copyTo))].join('，'),
    printedBy: lead.printedBy,
    printedOn: date,
  };
}

/** An issuer for documents whose series has no issuer on record: the federation's name and its office. */
export function fallbackIssuer(numberPrefix: string, federation: string): IssuerRow {
  return {
    id: '',
    numberPrefix,
    name: federation,
    shortName: federation,
    organisationId: null,
    sealImage: null,
    sealMediaType: null,
    copyTo: [],
    printedBy: `${federation}办公室`,
  };
}

/** The issuers of `prefixes` as on record (the lead first); a prefix with none stands for the federation itself. */
export async function resolveIssuers(db: Db, prefixes: string[], federation: string): Promise<IssuerRow[]> {
  const found = await issuersByPrefix(db, prefixes);
  return prefixes.map((p) => found.find((i) => i.numberPrefix === p) ?? fallbackIssuer(p, federation));
}
