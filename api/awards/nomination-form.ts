/**
 * Reading a nomination form: every field checked with its problem in the reader's language next to it, the form
 * values kept for showing it again. Collective and person nominees have their own fields; earlier honours are
 * typed one per line ("2024 市级 劳动模范 平工文〔2024〕3号"). A stored nomination reads back into the same values
 * for editing.
 */
import {
  AWARD_CATEGORIES,
  IDENTITIES,
  OWNERSHIPS,
  POLITICAL_STATUSES,
  SEXES,
  type AwardCategory,
  type HonourLevel,
} from '../../domain/awards/categories';
import { textProblem } from '../../domain/input-rules';
import type { NominationRecord } from '../../workflows/awards/contract';
import { translate, type Locale } from '../../templates/render';

export const DEEDS_MAX = 2000;
export const SUMMARY_MAX = 500;

const LEVEL_WORDS: Record<string, HonourLevel> = {
  县级: 'COUNTY',
  市级: 'CITY',
  省级: 'PROVINCE',
  全国: 'NATIONAL',
  COUNTY: 'COUNTY',
  CITY: 'CITY',
  PROVINCE: 'PROVINCE',
  NATIONAL: 'NATIONAL',
};

export type NominationForm =
  | { errors: Record<string, string>; values: Record<string, string> }
  | { category: AwardCategory; record: NominationRecord; values: Record<string, string> };

function categoryByName(name: string): string {
  const hit = Object.entries(AWARD_CATEGORIES).find(([, c]) => c.zh === name);
  return hit ? hit[0] : name;
}

export function readNominationForm(
  body: Record<string, unknown>,
  categories: AwardCategory[],
  year: number,
  locale: Locale,
): NominationForm {
  const values = Object.fromEntries(
    Object.entries(body).filter(([, v]) => typeof v === 'string') as Array<[string, string]>,
  );
  const errors: Record<string, string> = {};
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, key, params);
  const text = (name: string, max: number, required: boolean): string | null => {
    const v = (values[name] ?? '').trim();
    if (!v) {
      if (required) errors[name] = t('validation.must not be empty');
      return null;
    }
    const p = textProblem(v, max);
    if (p) errors[name] = t(`validation.text.${p}`, { max });
    return v;
  };
  const choice = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const v = values[name] ?? '';
    if ((allowed as readonly string[]).includes(v)) return v as T;
    errors[name] = t('awards.form.choose');
    return null;
  };
  const category = choice('category', categories);
  const nomineeName = text('nomineeName', 100, true);
  const deeds = text('deeds', DEEDS_MAX, true);
  const summary = text('summary', SUMMARY_MAX, true);
  const newAchievements = text('newAchievements', DEEDS_MAX, false);
  const person = category ? AWARD_CATEGORIES[category].nominee === 'PERSON' : false;
  const fields: NominationRecord['fields'] = {};
  if (category && person) {
    fields.sex = choice('sex', SEXES);
    fields.ethnicity = text('ethnicity', 20, true);
    fields.political = choice('political', POLITICAL_STATUSES);
    fields.identity = choice('identity', IDENTITIES);
    fields.position = text('position', 60, true);
    fields.workUnit = text('workUnit', 100, false);
    const birth = (values.birthYear ?? '').trim();
    if (/^\d{4}$/.test(birth) && Number(birth) >= year - 80 && Number(birth) <= year - 16)
      fields.birthYear = Number(birth);
    else errors.birthYear = t('awards.form.birthYear', { from: year - 80, to: year - 16 });
  } else if (category) {
    fields.isTeam = choice('isTeam', ['true', 'false'] as const) === 'true';
    fields.ownership = choice('ownership', OWNERSHIPS);
    fields.industry = text('industry', 40, true);
    const size = (values.size ?? '').trim();
    if (/^\d{1,7}$/.test(size) && Number(size) >= 1) fields.size = Number(size);
    else errors.size = t('awards.form.size');
  }
  const earlierHonours: NominationRecord['earlierHonours'] = [];
  const honoursText = text('earlierHonours', 2000, false) ?? '';
  honoursText
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((line) => {
      const m = /^(\d{4})\s+(\S+)\s+(\S+)(?:\s+(.+))?$/.exec(line);
      const level = m ? LEVEL_WORDS[m[2]!] : undefined;
      if (!m || !level || Number(m[1]) > year) {
        errors.earlierHonours = t('awards.form.honourLine', { line });
        return;
      }
      earlierHonours.push({
        year: Number(m[1]),
        level,
        category: categoryByName(m[3]!),
        documentNumber: m[4] ?? '',
      });
    });
  if (Object.keys(errors).length > 0 || !category) return { errors, values };
  return {
    category,
    values,
    record: {
      nomineeKind: person ? 'PERSON' : 'COLLECTIVE',
      nomineeName: nomineeName!,
      fields,
      deeds: deeds!,
      summary: summary!,
      earlierHonours,
      newAchievements,
    },
  };
}

const LEVEL_NAMES: Record<HonourLevel, string> = {
  COUNTY: '县级',
  CITY: '市级',
  PROVINCE: '省级',
  NATIONAL: '全国',
};

/** A stored nomination as the form's values, to edit it. */
export function formValuesOf(n: {
  category: string;
  nomineeName: string;
  fields: unknown;
  deeds: string;
  summary: string;
  earlierHonours: unknown;
  newAchievements: string | null;
}): Record<string, string> {
  const fields = (n.fields ?? {}) as Record<string, string | number | boolean | null>;
  const honours = (n.earlierHonours ?? []) as NominationRecord['earlierHonours'];
  const values: Record<string, string> = {
    category: n.category,
    nomineeName: n.nomineeName,
    deeds: n.deeds,
    summary: n.summary,
    newAchievements: n.newAchievements ?? '',
    earlierHonours: honours
      .map((h) =>
        [
          h.year,
          LEVEL_NAMES[h.level as HonourLevel] ?? h.level,
          AWARD_CATEGORIES[h.category as AwardCategory]?.zh ?? h.category,
          h.documentNumber,
        ]
          .join(' ')
          .trim(),
      )
      .join('\n'),
  };
  for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined) values[k] = String(v);
  return values;
}
