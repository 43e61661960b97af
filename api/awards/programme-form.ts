/**
 * The console's programme form and its way back: flat form fields (places per category, a quota grid of
 * nominating units × categories, the eligibility and proportion rules, the calendar, the vetting departments)
 * become the same definition `POST /api/award-programmes` takes, checked by the same schema, with every problem
 * put next to its field in the reader's language.
 */
import { DEFAULT_PASS_MARK } from '../../domain/awards/selection';
import { CATEGORY_CODES, type AwardCategory } from '../../domain/awards/categories';
import { programmeSchema, type Programme, type ProgrammeInput } from '../../domain/awards/programme';
import { quotaProblems } from '../../domain/awards/quotas';
import { translate, type Locale } from '../../templates/render';

export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;

/** The proportion-rule rows the form offers. */
export const RULE_ROWS = 4;

/** Nominee fields a proportion rule can count, with the values it can count. */
export const RULE_FIELD_VALUES: Record<string, readonly string[]> = {
  isTeam: ['true'],
  ownership: ['PUBLIC', 'NON_PUBLIC'],
  sex: ['F', 'M'],
  identity: ['FRONT_LINE', 'TECHNICAL', 'ENTERPRISE_LEADER', 'CADRE', 'MIGRANT_WORKER', 'OTHER'],
  political: ['CPC_MEMBER', 'CYL_MEMBER', 'OTHER_PARTY', 'NONE'],
};

export const quotaField = (unit: string, category: string) => `quota|${unit}|${category}`;

const one = (v: FormValues, name: string): string => {
  const x = v[name];
  return (Array.isArray(x) ? (x[0] ?? '') : (x ?? '')).trim();
};
const many = (v: FormValues, name: string): string[] => {
  const x = v[name];
  return (Array.isArray(x) ? x : x ? [x] : []).map((s) => s.trim()).filter(Boolean);
};

/** The categories the form gives places to, in the catalogue's order. */
export function offeredCategories(v: FormValues): AwardCategory[] {
  return CATEGORY_CODES.filter((c) => one(v, `places_${c}`) !== '' && one(v, `places_${c}`) !== '0');
}

function wholeNumber(v: FormValues, name: string, errors: FieldErrors, locale: Locale): number | undefined {
  const s = one(v, name);
  if (s === '') return undefined;
  if (!/^\d{1,6}$/.test(s)) {
    errors[name] = translate(locale, 'admin.awardSetup.problem.whole');
    return undefined;
  }
  return Number(s);
}

/** The definition the form describes, and the problems found on the way (before the schema's own checks). */
function definitionFrom(v: FormValues, units: readonly string[], locale: Locale) {
  const errors: FieldErrors = {};
  const places: Record<string, number> = {};
  for (const c of offeredCategories(v)) {
    const n = wholeNumber(v, `places_${c}`, errors, locale);
    if (n !== undefined) places[c] = n;
  }
  const quotas = units.flatMap((unit) =>
    Object.keys(places).flatMap((category) => {
      const n = wholeNumber(v, quotaField(unit, category), errors, locale);
      return n ? [{ unit, category, quota: n }] : [];
    }),
  );
  const hard = (name: string) => one(v, name) !== 'soft';
  const eligibilityRules = [
    ...(one(v, 'elig_grade_on')
      ? [{ kind: 'MIN_UNIT_GRADE', grade: one(v, 'elig_grade'), hard: hard('elig_grade_hard') }]
      : []),
    ...(one(v, 'elig_accident_on')
      ? [
          {
            kind: 'NO_SERIOUS_ACCIDENT',
            years: wholeNumber(v, 'elig_accident_years', errors, locale),
            hard: hard('elig_accident_hard'),
          },
        ]
      : []),
    ...(one(v, 'elig_repeat_on')
      ? [
          {
            kind: 'NO_REPEAT',
            years: wholeNumber(v, 'elig_repeat_years', errors, locale),
            hard: hard('elig_repeat_hard'),
          },
        ]
      : []),
    ...(one(v, 'elig_lower_on') ? [{ kind: 'NEEDS_LOWER_LEVEL', hard: hard('elig_lower_hard') }] : []),
  ];
  const proportionRules = Array.from({ length: RULE_ROWS }, (_, i) => i).flatMap((i) => {
    const label = one(v, `rule${i}_label`);
    if (!label) return [];
    const matches = many(v, `rule${i}_match`).map((m) => m.split('='));
    const fields = [...new Set(matches.map((m) => m[0]!))];
    if (fields.length !== 1)
      errors[`rule${i}_match`] = translate(locale, 'admin.awardSetup.problem.ruleMatch');
    const percent = one(v, `rule${i}_percent`);
    return [
      {
        key: `rule-${i + 1}`,
        label,
        categories: many(v, `rule${i}_categories`),
        field: fields[0] ?? '',
        values: matches.map((m) => m[1] ?? ''),
        comparison: one(v, `rule${i}_comparison`),
        percent: /^\d+(\.\d{1,2})?$/.test(percent) ? Number(percent) : Number.NaN,
        hard: hard(`rule${i}_hard`),
      },
    ];
  });
  const rules = {
    reminders: one(v, 'reminders')
      .split(/[\s,，、]+/)
      .filter(Boolean),
    escalateAfter: one(v, 'escalateAfter'),
    escalateEvery: one(v, 'escalateEvery'),
  };
  const departments = one(v, 'departments')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', contact = '', email = ''] = line.split(/[,，]/).map((p) => p.trim());
      return { name, contact, email };
    });
  const input: ProgrammeInput = {
    year: Number(one(v, 'year')),
    title: one(v, 'title'),
    level: one(v, 'level') as ProgrammeInput['level'],
    federation: one(v, 'federation'),
    numberPrefix: one(v, 'numberPrefix'),
    jointIssuers: one(v, 'jointIssuers')
      .split(/[\s、，,]+/u)
      .filter(Boolean),
    committee: one(v, 'committee'),
    reviewMode: one(v, 'reviewMode') as ProgrammeInput['reviewMode'],
    tieBreak: one(v, 'tieBreak') as ProgrammeInput['tieBreak'],
    ballot: (one(v, 'ballot') || 'VOTE') as ProgrammeInput['ballot'],
    passMark: Number(one(v, 'passMark') || DEFAULT_PASS_MARK),
    refillOnWithdrawal: Boolean(one(v, 'refillOnWithdrawal')),
    places,
    quotas: quotas as ProgrammeInput['quotas'],
    proportionRules: proportionRules as ProgrammeInput['proportionRules'],
    eligibilityRules: eligibilityRules as ProgrammeInput['eligibilityRules'],
    calendar: {
      nomination: { due: one(v, 'nominationDue'), ...rules },
      vetting: { due: one(v, 'vettingDue'), ...rules },
      review: { due: one(v, 'reviewDue'), ...rules },
      confirmation: { within: one(v, 'confirmWithin'), ...rules },
      publicity: { workingDays: Number(one(v, 'publicityDays')) },
      decisionDate: one(v, 'decisionDate'),
    },
    departments,
  };
  return { input, errors };
}

/** Which form field a schema issue belongs to. */
function fieldOfIssue(path: PropertyKey[]): string {
  const [head, second, third] = path.map(String);
  if (head === 'places') return 'places';
  if (head === 'quotas') return 'quotas';
  if (head === 'departments') return 'departments';
  if (head === 'proportionRules') {
    const part =
      third === 'categories'
        ? 'categories'
        : third === 'percent'
          ? 'percent'
          : third === 'field' || third === 'values'
            ? 'match'
            : 'label';
    return `rule${second}_${part}`;
  }
  if (head === 'eligibilityRules') return 'eligibility';
  if (head === 'calendar') {
    if (second === 'nomination' || second === 'vetting' || second === 'review')
      return third === 'due' ? `${second}Due` : 'reminders';
    if (second === 'confirmation') return third === 'within' ? 'confirmWithin' : 'reminders';
    if (second === 'publicity') return 'publicityDays';
    return 'decisionDate';
  }
  return head ?? 'title';
}

/**
 * The form as a definition, or the problems that keep it from being one, each next to its field in `locale`.
 * `units` are the nominating units the quota grid lists.
 */
export function programmeFromForm(
  v: FormValues,
  units: readonly string[],
  locale: Locale,
): { programme: Programme | null; errors: FieldErrors } {
  const { input, errors } = definitionFrom(v, units, locale);
  const parsed = programmeSchema.safeParse(input);
  if (parsed.success && Object.keys(errors).length === 0) return { programme: parsed.data, errors };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = fieldOfIssue(issue.path);
    if (field === 'quotas') continue;
    errors[field] ??= translate(locale, `admin.awardSetup.problem.${field.replace(/^rule\d+_/, 'rule_')}`);
  }
  const quota = quotaProblems(
    input.reviewMode,
    input.places as Partial<Record<AwardCategory, number>>,
    (input.quotas ?? []).map((q) => ({ ...q, unitCode: q.unit })),
  ).map((p) =>
    translate(locale, `admin.awardSetup.${p.key.replace('awards.', '')}`, {
      ...p.params,
      category: translate(locale, `awards.category.${p.params.category}`),
    }),
  );
  if ((input.quotas ?? []).length === 0 && Object.keys(input.places).length > 0)
    errors.quotas = translate(locale, 'admin.awardSetup.problem.quotas');
  else if (quota.length > 0) errors.quotas = quota.join('；');
  return { programme: null, errors };
}

/** A stored definition as the form's fields, for editing it. */
export function formFromProgramme(p: Programme): FormValues {
  const v: FormValues = {
    year: String(p.year),
    title: p.title,
    level: p.level,
    federation: p.federation,
    numberPrefix: p.numberPrefix,
    jointIssuers: p.jointIssuers.join('、'),
    committee: p.committee,
    reviewMode: p.reviewMode,
    tieBreak: p.tieBreak,
    ballot: p.ballot,
    passMark: String(p.passMark),
    ...(p.refillOnWithdrawal ? { refillOnWithdrawal: 'on' } : {}),
    nominationDue: p.calendar.nomination.due,
    vettingDue: p.calendar.vetting.due,
    reviewDue: p.calendar.review.due,
    decisionDate: p.calendar.decisionDate,
    confirmWithin: p.calendar.confirmation.within,
    publicityDays: 'workingDays' in p.calendar.publicity ? String(p.calendar.publicity.workingDays) : '5',
    reminders: p.calendar.nomination.reminders.join(', '),
    escalateAfter: p.calendar.nomination.escalateAfter,
    escalateEvery: p.calendar.nomination.escalateEvery,
    departments: p.departments.map((d) => `${d.name}，${d.contact}，${d.email}`).join('\n'),
  };
  for (const [c, n] of Object.entries(p.places)) v[`places_${c}`] = String(n);
  for (const q of p.quotas) v[quotaField(q.unit, q.category)] = String(q.quota);
  for (const r of p.eligibilityRules) {
    const key = {
      MIN_UNIT_GRADE: 'grade',
      NO_SERIOUS_ACCIDENT: 'accident',
      NO_REPEAT: 'repeat',
      NEEDS_LOWER_LEVEL: 'lower',
    }[r.kind];
    v[`elig_${key}_on`] = 'on';
    v[`elig_${key}_hard`] = r.hard ? 'hard' : 'soft';
    if (r.kind === 'MIN_UNIT_GRADE') v.elig_grade = r.grade;
    if (r.kind === 'NO_SERIOUS_ACCIDENT' || r.kind === 'NO_REPEAT') v[`elig_${key}_years`] = String(r.years);
  }
  p.proportionRules.forEach((r, i) => {
    v[`rule${i}_label`] = r.label;
    v[`rule${i}_categories`] = r.categories;
    v[`rule${i}_match`] = r.values.map((x) => `${r.field}=${x}`);
    v[`rule${i}_comparison`] = r.comparison;
    v[`rule${i}_percent`] = String(r.percent);
    v[`rule${i}_hard`] = r.hard ? 'hard' : 'soft';
  });
  return v;
}
