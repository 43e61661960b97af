/**
 * Eligibility rules, judged from what the system knows (the nominating unit's grade in this year's cycle, the safety
 * figures its unit reported in earlier cycles, the honours register) and what the nomination states. Each result
 * carries a catalogue key and its values, so the page, the API and the mail say the same reason.
 */
import { GRADES, type Grade } from '../plan';
import { levelBelow, type AwardCategory, type HonourLevel } from './categories';

export type EligibilityRule =
  | { kind: 'MIN_UNIT_GRADE'; grade: Grade; hard: boolean }
  | { kind: 'NO_SERIOUS_ACCIDENT'; years: number; hard: boolean }
  | { kind: 'NO_REPEAT'; years: number; hard: boolean }
  | { kind: 'NEEDS_LOWER_LEVEL'; hard: boolean };

export const ELIGIBILITY_KINDS = [
  'MIN_UNIT_GRADE',
  'NO_SERIOUS_ACCIDENT',
  'NO_REPEAT',
  'NEEDS_LOWER_LEVEL',
] as const;

export interface EarlierHonour {
  category: AwardCategory | string;
  level: HonourLevel;
  year: number;
}

export interface EligibilityFacts {
  programme: { year: number; level: HonourLevel; category: AwardCategory };
  /** The nominating unit's grade in this year's cycle; null when it has none yet. */
  unitGrade: Grade | null;
  /** Fatal or serious accidents the nominee's unit reported, per year (years without a figure left out). */
  accidents: Array<{ year: number; count: number }>;
  /** Honours held: from the register and as stated on the form. */
  honours: EarlierHonour[];
  /** New achievements stated since an earlier honour of the same kind. */
  newAchievements: string | null;
}

export interface EligibilityResult {
  rule: EligibilityRule;
  ok: boolean;
  key: string;
  params: Record<string, string | number>;
}

function judge(rule: EligibilityRule, f: EligibilityFacts): Omit<EligibilityResult, 'rule'> {
  switch (rule.kind) {
    case 'MIN_UNIT_GRADE': {
      // GRADES runs from best to worst.
      const ok = f.unitGrade !== null && GRADES.indexOf(f.unitGrade) <= GRADES.indexOf(rule.grade);
      return {
        ok,
        key:
          f.unitGrade === null
            ? 'awards.rule.noGrade'
            : ok
              ? 'awards.rule.gradeOk'
              : 'awards.rule.gradeBelow',
        params: { grade: f.unitGrade ?? '', needed: rule.grade, year: f.programme.year },
      };
    }
    case 'NO_SERIOUS_ACCIDENT': {
      const from = f.programme.year - rule.years;
      const bad = f.accidents.filter((a) => a.year >= from && a.year <= f.programme.year && a.count > 0);
      return bad.length === 0
        ? { ok: true, key: 'awards.rule.noAccident', params: { years: rule.years } }
        : {
            ok: false,
            key: 'awards.rule.accident',
            params: { years: rule.years, year: bad[0]!.year, count: bad[0]!.count },
          };
    }
    case 'NO_REPEAT': {
      const from = f.programme.year - rule.years;
      const held = f.honours.find(
        (h) => h.category === f.programme.category && h.level === f.programme.level && h.year >= from,
      );
      if (!held) return { ok: true, key: 'awards.rule.notHeld', params: { years: rule.years } };
      const stated = (f.newAchievements ?? '').trim().length > 0;
      return {
        ok: stated,
        key: stated ? 'awards.rule.heldWithNew' : 'awards.rule.held',
        params: { years: rule.years, year: held.year },
      };
    }
    case 'NEEDS_LOWER_LEVEL': {
      const below = levelBelow(f.programme.level);
      if (below === null) return { ok: true, key: 'awards.rule.lowestLevel', params: {} };
      const ok = f.honours.some((h) => h.level === below);
      return { ok, key: ok ? 'awards.rule.lowerHeld' : 'awards.rule.lowerMissing', params: { level: below } };
    }
  }
}

export function checkEligibility(rules: EligibilityRule[], facts: EligibilityFacts): EligibilityResult[] {
  return rules.map((rule) => ({ rule, ...judge(rule, facts) }));
}
