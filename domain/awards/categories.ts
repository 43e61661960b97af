/**
 * The honours a federation awards, what kind of nominee each takes, and how long it is held. A new category is one
 * entry here (and its names in the message catalogues); programmes, forms, rules and the register follow.
 */

export const NOMINEE_KINDS = ['COLLECTIVE', 'PERSON'] as const;
export type NomineeKind = (typeof NOMINEE_KINDS)[number];

export interface CategoryInfo {
  nominee: NomineeKind;
  /** Years the honour is held before it expires (首席员工 is reviewed every two years); null: for life. */
  termYears: number | null;
  zh: string;
  en: string;
}

export const AWARD_CATEGORIES = {
  ADVANCED_COLLECTIVE: { nominee: 'COLLECTIVE', termYears: null, zh: '先进集体', en: 'Advanced collective' },
  MODEL_WORKER: { nominee: 'PERSON', termYears: null, zh: '劳动模范', en: 'Model worker' },
  MODEL_INDIVIDUAL: { nominee: 'PERSON', termYears: null, zh: '模范人物', en: 'Model individual' },
  WORKER_PIONEER: { nominee: 'COLLECTIVE', termYears: null, zh: '工人先锋号', en: 'Workers’ Pioneer' },
  CHIEF_EMPLOYEE: { nominee: 'PERSON', termYears: 2, zh: '首席员工', en: 'Chief employee' },
  CHIEF_TECHNICIAN: { nominee: 'PERSON', termYears: 2, zh: '首席技师', en: 'Chief technician' },
  CHIEF_ENGINEER: { nominee: 'PERSON', termYears: 2, zh: '首席工程师', en: 'Chief engineer' },
  INNOVATION_STUDIO: {
    nominee: 'COLLECTIVE',
    termYears: null,
    zh: '职工创新工作室',
    en: 'Workers’ innovation studio',
  },
  ANKANG_UNIT: {
    nominee: 'COLLECTIVE',
    termYears: null,
    zh: '安康杯优胜单位',
    en: 'Ankang Cup winning unit',
  },
  ANKANG_TEAM: {
    nominee: 'COLLECTIVE',
    termYears: null,
    zh: '安康杯优胜班组',
    en: 'Ankang Cup winning team',
  },
  ANKANG_ORGANISER: {
    nominee: 'COLLECTIVE',
    termYears: null,
    zh: '安康杯优秀组织单位',
    en: 'Ankang Cup organising unit',
  },
  ANKANG_PERSON: {
    nominee: 'PERSON',
    termYears: null,
    zh: '安康杯先进个人',
    en: 'Ankang Cup advanced individual',
  },
} as const satisfies Record<string, CategoryInfo>;

export type AwardCategory = keyof typeof AWARD_CATEGORIES;
export const CATEGORY_CODES = Object.keys(AWARD_CATEGORIES) as AwardCategory[];

export function categoryInfo(category: AwardCategory): CategoryInfo {
  return AWARD_CATEGORIES[category];
}

/** The levels an honour is awarded at; a programme awards at one of them. */
export const HONOUR_LEVELS = ['COUNTY', 'CITY', 'PROVINCE', 'NATIONAL'] as const;
export type HonourLevel = (typeof HONOUR_LEVELS)[number];

/** The level below, which a "needs the lower honour first" rule asks for; null at the lowest. */
export function levelBelow(level: HonourLevel): HonourLevel | null {
  const i = HONOUR_LEVELS.indexOf(level);
  return i > 0 ? HONOUR_LEVELS[i - 1]! : null;
}

/** What a nominee's form records, by kind; proportion rules name one of these fields. */
export const COLLECTIVE_FIELDS = ['isTeam', 'ownership', 'industry', 'size'] as const;
export const PERSON_FIELDS = [
  'sex',
  'ethnicity',
  'birthYear',
  'political',
  'identity',
  'position',
  'workUnit',
] as const;
export const OWNERSHIPS = ['PUBLIC', 'NON_PUBLIC'] as const;
export const SEXES = ['F', 'M'] as const;
export const IDENTITIES = [
  'FRONT_LINE',
  'TECHNICAL',
  'ENTERPRISE_LEADER',
  'CADRE',
  'MIGRANT_WORKER',
  'OTHER',
] as const;
export const POLITICAL_STATUSES = ['CPC_MEMBER', 'CYL_MEMBER', 'OTHER_PARTY', 'NONE'] as const;
