/**
 * A nomination's eligibility, judged by the same pure rules everywhere (domain/awards/eligibility.ts) from the
 * facts the database holds: the unit's grade this year, its reported accidents, the honours register, and what
 * the form states. The verdicts carry display values in the reader's language.
 */
import { checkEligibility, type EligibilityRule } from '../../domain/awards/eligibility';
import type { AwardCategory, HonourLevel } from '../../domain/awards/categories';
import {
  accidentsReported,
  registeredHonours,
  unitStanding,
  type UnitStanding,
} from '../../stores/awards/queries';
import type { Db } from '../../stores/db';
import { translate, type Locale } from '../../templates/render';
import type { EligibilityVerdict, NominationRecord } from '../../workflows/awards/contract';

export interface ProgrammeRules {
  year: number;
  level: HonourLevel;
  eligibilityRules: EligibilityRule[];
}

const YEARS_BACK = 10;

export async function judgeNomination(
  db: Db,
  p: ProgrammeRules,
  unitId: string,
  category: AwardCategory,
  record: Pick<NominationRecord, 'nomineeName' | 'earlierHonours' | 'newAchievements'> | null,
  locale: Locale,
): Promise<{
  verdicts: EligibilityVerdict[];
  unitScore: number | null;
  /** The unit's result this year, as read for the rules (its page shows it too). */
  standing: UnitStanding;
}> {
  const [standing, accidents, registered] = await Promise.all([
    unitStanding(db, unitId, p.year),
    accidentsReported(db, unitId, p.year - YEARS_BACK, p.year),
    record ? registeredHonours(db, record.nomineeName, unitId) : Promise.resolve([]),
  ]);
  const stated = (record?.earlierHonours ?? []).map((h) => ({
    category: h.category,
    level: h.level as HonourLevel,
    year: h.year,
  }));
  const results = checkEligibility(p.eligibilityRules, {
    programme: { year: p.year, level: p.level, category },
    unitGrade: standing.grade,
    accidents,
    honours: [...registered, ...stated],
    newAchievements: record?.newAchievements ?? null,
  });
  const word = (key: string, v: unknown) =>
    typeof v === 'string' && v ? translate(locale, `${key}.${v}`) : '';
  return {
    unitScore: standing.score,
    standing,
    verdicts: results.map((r) => ({
      kind: r.rule.kind,
      ok: r.ok,
      hard: r.rule.hard,
      key: r.key,
      params: {
        ...r.params,
        gradeName: word('grade', r.params.grade),
        neededName: word('grade', r.params.needed),
        levelName: word('awards.level', r.params.level),
      },
    })),
  };
}
