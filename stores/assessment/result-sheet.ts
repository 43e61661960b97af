/**
 * A unit's year-end result as the people who score, confirm and read it see it: each indicator's completion and
 * weight, every member's score sheet (评分表), the two parts, the total, the grade and the rank among peers. It is
 * computed with the same functions the workflow scores by (judgeAll and completionsOf, which yearEndCompletions is made of, and evaluate), so what the chair is
 * asked to confirm is what gets recorded.
 */
import { evaluate, memberScore, type EvaluationResult, type EvaluationRules } from '../../domain/evaluation';
import type { Grade } from '../../domain/plan';
import { rankPeers } from '../../domain/ranking';
import type { Figure } from '../../domain/submissions';
import type { IndicatorKind } from '../../domain/indicators';
import type { Db } from '../db';
import { completionsOf, judgeAll, unitTargetSet } from './progress';

export interface ScoreSheet {
  personId: string;
  name: string;
  round: number;
  scoredAt: Date;
  scores: Record<string, number>;
  /** The sheet's weighted 0–100 figure. */
  total: number;
}

export interface ResultSheet {
  rules: EvaluationRules;
  indicators: Array<{
    code: string;
    kind: IndicatorKind;
    nameZh: string;
    nameEn: string;
    unitZh: string;
    unitEn: string;
    weight: number;
    target: number | null;
    actual: number | null;
    /** 0–1 as judged at year end; null when the unit has no target (left out of the indicator part). */
    completion: number | null;
    /** Marked not applicable (不适用) with the approved targets. */
    notApplicable: boolean;
  }>;
  criteria: Array<{
    code: string;
    nameZh: string;
    nameEn: string;
    descriptionZh: string | null;
    descriptionEn: string | null;
    weight: number;
  }>;
  /** The latest scoring round's sheets, in the order they came in. */
  sheets: ScoreSheet[];
  round: number | null;
  result: EvaluationResult;
  /** The stored result once confirmed; until then the sheet's figures are provisional. */
  confirmed: boolean;
  peers: { rank: number; of: number; withResult: number; kind: string; parentNameZh: string | null };
}

/** Every score sheet of the assessment, earliest round first. */
export async function scoreSheets(db: Db, assessmentId: string): Promise<ScoreSheet[]> {
  return (await scoreSheetsOf(db, [assessmentId])).get(assessmentId) ?? [];
}

/** `scoreSheets` of many units in one read. */
export async function scoreSheetsOf(db: Db, assessmentIds: string[]): Promise<Map<string, ScoreSheet[]>> {
  const rows = await db.evaluationScore.findMany({
    where: { assessmentId: { in: assessmentIds } },
    orderBy: [{ round: 'asc' }, { scoredAt: 'asc' }],
    select: {
      assessmentId: true,
      round: true,
      score: true,
      scoredAt: true,
      person: { select: { id: true, name: true } },
      criterion: { select: { code: true, weight: true } },
    },
  });
  const criteria = new Map<string, Map<string, number>>();
  const sheets = new Map<string, Map<string, ScoreSheet>>();
  for (const r of rows) {
    const own = criteria.get(r.assessmentId) ?? new Map<string, number>();
    criteria.set(r.assessmentId, own.set(r.criterion.code, r.criterion.weight.toNumber()));
    const unit = sheets.get(r.assessmentId) ?? new Map<string, ScoreSheet>();
    sheets.set(r.assessmentId, unit);
    const key = `${r.round}:${r.person.id}`;
    const sheet = unit.get(key) ?? {
      personId: r.person.id,
      name: r.person.name,
      round: r.round,
      scoredAt: r.scoredAt,
      scores: {},
      total: 0,
    };
    sheet.scores[r.criterion.code] = r.score.toNumber();
    unit.set(key, sheet);
  }
  return new Map(
    [...sheets].map(([id, unit]) => {
      const weights = [...criteria.get(id)!].map(([code, weight]) => ({ code, weight }));
      return [id, [...unit.values()].map((s) => ({ ...s, total: memberScore(weights, s.scores) }))];
    }),
  );
}

/** Each unit's latest year-end self-evaluation figures ({} for a unit that has none). */
export async function latestEvaluations(db: Db, ids: string[]): Promise<Map<string, Record<string, Figure>>> {
  const rows = await db.$queryRaw<
    Array<{ assessmentId: string; payload: { figures?: Record<string, Figure> } }>
  >`
    SELECT DISTINCT ON (s."assessmentId") s."assessmentId"::text AS "assessmentId", s.payload
      FROM "Submission" s
     WHERE s."assessmentId" = ANY(${ids}::uuid[]) AND s.step = 'evaluation'
     ORDER BY s."assessmentId", s.version DESC`;
  return new Map(rows.map((r) => [r.assessmentId, r.payload.figures ?? {}]));
}

type PlanIndicator = Parameters<typeof judgeAll>[0][number];

/** Each indicator's target, actual and completion at the year end, as the result sheet and the export show them. */
export function yearEndIndicators(
  indicators: PlanIndicator[],
  year: number,
  figures: Record<string, Figure>,
  targets: Record<string, number>,
  notApplicable: Set<string>,
): { rows: ResultSheet['indicators']; completions: ReturnType<typeof completionsOf> } {
  const judged = judgeAll(indicators, year, figures, targets, 1);
  const completions = completionsOf(indicators, judged);
  return {
    completions,
    rows: indicators.map((ind, i) => ({
      code: ind.code,
      kind: ind.kind,
      nameZh: ind.nameZh,
      nameEn: ind.nameEn,
      unitZh: ind.unitZh,
      unitEn: ind.unitEn,
      weight: ind.weight.toNumber(),
      target: judged[i]!.target,
      actual: judged[i]!.actual,
      completion: completions[i]!.completion,
      notApplicable: notApplicable.has(ind.code),
    })),
  };
}

export async function loadResultSheet(db: Db, assessmentId: string): Promise<ResultSheet> {
  const a = await db.assessment.findUniqueOrThrow({
    where: { id: assessmentId },
    select: {
      cycleId: true,
      score: true,
      grade: true,
      organisation: {
        select: { id: true, code: true, kind: true, parentId: true, parent: { select: { nameZh: true } } },
      },
      cycle: {
        select: {
          year: true,
          plan: {
            select: {
              indicatorWeight: true,
              committeeWeight: true,
              gradeThresholds: true,
              indicators: { orderBy: { sortOrder: 'asc' }, include: { targets: true } },
              criteria: { orderBy: { sortOrder: 'asc' } },
            },
          },
        },
      },
    },
  });
  const plan = a.cycle.plan;
  const [evaluations, { targets, notApplicable }, allSheets] = await Promise.all([
    latestEvaluations(db, [assessmentId]),
    unitTargetSet(db, assessmentId),
    scoreSheets(db, assessmentId),
  ]);
  const figures = evaluations.get(assessmentId) ?? {};
  const { rows, completions } = yearEndIndicators(
    plan.indicators,
    a.cycle.year,
    figures,
    targets,
    notApplicable,
  );
  const round = allSheets.length > 0 ? allSheets[allSheets.length - 1]!.round : null;
  const sheets = allSheets.filter((s) => s.round === round);
  const criteria = plan.criteria.map((c) => ({
    code: c.code,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    descriptionZh: c.descriptionZh,
    descriptionEn: c.descriptionEn,
    weight: c.weight.toNumber(),
  }));
  const rules: EvaluationRules = {
    indicatorWeight: plan.indicatorWeight.toNumber(),
    committeeWeight: plan.committeeWeight.toNumber(),
    gradeThresholds: plan.gradeThresholds as Array<{ grade: Grade; min: number }>,
  };
  const result = evaluate(
    rules,
    completions,
    criteria,
    Object.fromEntries(sheets.map((s) => [s.personId, s.scores])),
  );
  return {
    rules,
    indicators: rows,
    criteria,
    sheets,
    round,
    result,
    confirmed: a.score !== null,
    peers: { ...(await peerStanding(db, a, result)), kind: a.organisation.kind },
  };
}

/**
 * Where the unit stands among its peers (same kind, same parent) in this cycle: ranked by the same rule as the
 * cycle's final ranking, against the peers that already have a confirmed result.
 */
async function peerStanding(
  db: Db,
  a: {
    cycleId: string;
    organisation: {
      id: string;
      code: string;
      kind: string;
      parentId: string | null;
      parent: { nameZh: string } | null;
    };
  },
  result: EvaluationResult,
) {
  const peers = await db.assessment.findMany({
    where: {
      cycleId: a.cycleId,
      organisation: { kind: a.organisation.kind as never, parentId: a.organisation.parentId },
      status: { not: 'CANCELLED' },
    },
    select: {
      id: true,
      score: true,
      indicatorPart: true,
      committeePart: true,
      organisation: { select: { id: true, code: true, kind: true, parentId: true } },
    },
  });
  const scored = peers
    .filter((p) => p.score !== null && p.organisation.id !== a.organisation.id)
    .map((p) => ({
      id: p.organisation.id,
      code: p.organisation.code,
      kind: p.organisation.kind,
      parentId: p.organisation.parentId,
      score: p.score!.toNumber(),
      indicatorPart: p.indicatorPart?.toNumber() ?? 0,
      committeePart: p.committeePart?.toNumber() ?? 0,
    }));
  const self = { ...a.organisation, ...result };
  const ranks = rankPeers([...scored, self]);
  return {
    rank: ranks.get(a.organisation.id)!,
    of: Math.max(peers.length, 1),
    withResult: scored.length + 1,
    parentNameZh: a.organisation.parent?.nameZh ?? null,
  };
}
