/** The activities that store a unit's progress reports and judge them against its targets and the expected pace. */
import { elapsedFraction } from '../../domain/period';
import type { Figure } from '../../domain/submissions';
import type { IndicatorCompletion } from '../../domain/evaluation';
import {
  judgeAll,
  planOf,
  yearEndCompletions,
  type IndicatorJudgementRow,
} from '../../stores/assessment/progress';
import type { Db } from '../../stores/db';

export function createProgressActivities(db: Db) {
  return {
    /** Stores the report of an execution check and returns each indicator's judgement and the lagging ones. */
    async judgeProgress(input: {
      assessmentId: string;
      step: string;
      checkIndex: number;
      version: number;
      asOf: number;
      figures: Record<string, Figure>;
      targets: Record<string, number>;
    }): Promise<{ judgements: IndicatorJudgementRow[]; lagging: IndicatorJudgementRow[] }> {
      const a = await planOf(db, input.assessmentId);
      const { year, plan } = a.cycle;
      const submission = await db.submission.findUniqueOrThrow({
        where: {
          assessmentId_step_version: {
            assessmentId: input.assessmentId,
            step: input.step,
            version: input.version,
          },
        },
        select: { id: true },
      });
      const byCode = new Map(plan.indicators.map((i) => [i.code, i.id]));
      await db.progressReport.upsert({
        where: { submissionId: submission.id },
        update: {},
        create: {
          assessmentId: input.assessmentId,
          submissionId: submission.id,
          checkIndex: input.checkIndex,
          asOf: new Date(input.asOf),
          figures: {
            create: Object.entries(input.figures).map(([code, f]) => ({
              indicatorId: byCode.get(code)!,
              value: f.value,
              numerator: f.numerator ?? null,
              denominator: f.denominator ?? null,
            })),
          },
        },
      });
      const asOf = new Date(input.asOf);
      const judgements = judgeAll(
        plan.indicators,
        year,
        input.figures,
        input.targets,
        elapsedFraction({ year, asOf }),
      );
      return { judgements, lagging: judgements.filter((j) => j.status === 'LAGGING') };
    },

    /** Year-end completion of every indicator (the whole year has passed), weighted as the plan says. */
    async judgeEvaluation(input: {
      assessmentId: string;
      figures: Record<string, Figure>;
      targets: Record<string, number>;
    }): Promise<IndicatorCompletion[]> {
      const a = await planOf(db, input.assessmentId);
      return yearEndCompletions(a.cycle.plan.indicators, a.cycle.year, input.figures, input.targets);
    },
  };
}
