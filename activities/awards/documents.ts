/**
 * The documents of an award programme, built from its rows: the 公示 (public notice) with the list grouped by
 * category, the 表彰决定 (award decision) with its attachment 表彰名单, and one 荣誉证书 (certificate) per awardee.
 * Only name, unit and position are published of a person.
 */
import { AWARD_CATEGORIES, type AwardCategory } from '../../domain/awards/categories';
import type { IssuerRow } from '../../stores/documents/issuers';
import { chineseDate, officialParts } from '../documents/official';
import { render } from '../../templates/render';

export interface ListedAwardee {
  category: string;
  nomineeName: string;
  unit: string;
  position: string | null;
}

export interface ProgrammeHeader {
  /** The issuers' names as they decide (联合发文: joined by 、). */
  federation: string;
  title: string;
  year: number;
  /** The lead issuer first: its series numbers the documents. */
  issuers: IssuerRow[];
}

export { chineseDate };

/** The list grouped by category in the programme's order of categories. */
export function groupByCategory(list: ListedAwardee[]) {
  const order = Object.keys(AWARD_CATEGORIES);
  const cats = [...new Set(list.map((l) => l.category))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return cats.map((c) => ({
    category: AWARD_CATEGORIES[c as AwardCategory]?.zh ?? c,
    people: AWARD_CATEGORIES[c as AwardCategory]?.nominee === 'PERSON',
    entries: list.filter((l) => l.category === c),
  }));
}

/** The key of the `n`th supplementary 公示 (递补) of a programme; the first 公示 is keyed by the programme's id. */
export const supplementKey = (programmeId: string, n: number) => `${programmeId}:supplement:${n}`;

export const publicityTitle = (h: ProgrammeHeader, supplement: number | null) =>
  supplement ? `关于${h.title}递补拟表彰对象的公示` : `关于${h.title}拟表彰对象的公示`;

export function publicityHtml(
  h: ProgrammeHeader,
  v: {
    supplement?: number | null;
    list: ListedAwardee[];
    first: string;
    last: string;
    objectUrl: string;
    contact: string;
    number: number | null;
    issuedAt: Date;
  },
) {
  return render('awards/publicity.hbs', {
    locale: 'zh-CN',
    doc: officialParts(h.issuers, { year: h.year, number: v.number, date: v.issuedAt }),
    federation: h.federation,
    title: publicityTitle(h, v.supplement ?? null),
    supplement: Boolean(v.supplement),
    programme: h.title,
    groups: groupByCategory(v.list),
    count: v.list.length,
    first: v.first,
    last: v.last,
    objectUrl: v.objectUrl,
    contact: v.contact,
    date: chineseDate(v.issuedAt),
  });
}

export function decisionTitle(h: ProgrammeHeader) {
  return `关于表彰${h.title}的决定`;
}

export function decisionHtml(
  h: ProgrammeHeader,
  v: { list: ListedAwardee[]; number: number; issuedAt: Date },
) {
  const groups = groupByCategory(v.list);
  // "授予……等N个集体“工人先锋号”称号，授予……等N名同志“劳动模范”称号"
  const grants = groups
    .map(
      (g) =>
        `授予${g.entries[0]!.nomineeName}等${g.entries.length}${g.people ? '名同志' : '个集体'}“${g.category}”称号`,
    )
    .join('，');
  return render('awards/decision.hbs', {
    locale: 'zh-CN',
    federation: h.federation,
    doc: officialParts(h.issuers, { year: h.year, number: v.number, date: v.issuedAt }),
    title: decisionTitle(h),
    year: h.year,
    programme: h.title,
    grants,
    groups,
    date: chineseDate(v.issuedAt),
  });
}

export function certificateHtml(
  h: ProgrammeHeader,
  v: { awardee: ListedAwardee; decisionNumber: string; serial: number; issuedAt: Date },
) {
  return render('awards/certificate.hbs', {
    locale: 'zh-CN',
    federation: h.federation,
    name: v.awardee.nomineeName,
    unit: v.awardee.unit,
    honour: AWARD_CATEGORIES[v.awardee.category as AwardCategory]?.zh ?? v.awardee.category,
    year: h.year,
    decisionNumber: v.decisionNumber,
    serial: `${h.year}-${String(v.serial).padStart(4, '0')}`,
    date: chineseDate(v.issuedAt),
  });
}
