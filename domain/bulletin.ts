/**
 * The periodic bulletin (定期通报) as pure figures: where every unit stands in the cycle, progress against targets
 * rolled up the organisation tree and judged by each indicator's kind, rankings of counties/districts and of
 * industry unions, the lagging units with what lags, and the largest gains since the last bulletin.
 *
 * Rules where the plan is silent:
 * - Figures and targets roll up alike: a node's figure is the sum over its subtree of the participating units' own
 *   figures (shares recomputed from numerators and denominators, else averaged); its target is the sum of their
 *   targets (for shares, the mean). Growth and lower-is-better judge against the rolled-up previous year.
 * - A node's completion index is the plan-weighted mean of its indicators' completions, each capped at 100 %
 *   (indicators without target or figure are left out), on a 0–100 scale: the same rule as the year-end score.
 * - Rankings order by that index, then by code; a unit is lagging when any of its own indicators is behind pace,
 *   judged by `judgeReport` at its latest report's own date, exactly as its check page judges it.
 */
import type { PlanToDate } from './plan-period';
import { STAGES } from './stages';
import type { Aggregation } from './allocation';
import { indicatorPart } from './evaluation';
import { judgeIndicator, type IndicatorKind, type PaceStatus } from './indicators';
import { judgeReport, type ReportedFigure } from './indicator-rules';
import { yearResults, type ResultsSection } from './bulletin-results';
import type { Grade } from './plan';

export interface BulletinUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
  /** Has an assessment in the cycle; other nodes only carry their subtree's totals. */
  participating: boolean;
  stage: string | null;
  status: string | null;
  step: string | null;
  dueAt: number | null;
  /** The confirmed year-end result, once there is one. */
  result?: { score: number; grade: Grade; rank: number | null } | null;
}

export interface BulletinIndicator {
  code: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
  aggregation: Aggregation;
  weight: number;
  annualRatePct: number | null;
  /** LEVEL: the years, this one included, over which its target is reached. */
  spanYears: number;
}

export type { ReportedFigure };

export interface BulletinInput {
  asOf: number;
  /** The share (0–1) of the year passed at `asOf`. */
  elapsed: number;
  units: BulletinUnit[];
  indicators: BulletinIndicator[];
  /** Each participating unit's own targets. */
  targets: Map<string, Record<string, number>>;
  /** Each participating unit's latest reported figures. */
  figures: Map<string, Record<string, ReportedFigure>>;
  /** The share of the year passed at the date each unit's latest report is for (1 for a year-end report). */
  reportElapsed: Map<string, number>;
  /** Unit code → completion index in the previous bulletin, for the highlights. */
  previousIndex?: Record<string, number>;
  /** The register's honours of the year counted toward an indicator, over the whole tree. */
  honours?: HonoursNote[];
}

export interface HonoursNote {
  code: string;
  name: string;
  count: number;
  numbers: string[];
}

export interface IndicatorRow {
  code: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
  target: number | null;
  actual: number | null;
  expected: number | null;
  completion: number | null;
  status: PaceStatus;
  reporting: number;
}

export interface RankRow {
  rank: number;
  code: string;
  name: string;
  index: number;
  laggingUnits: number;
}

export interface LaggingUnit {
  code: string;
  name: string;
  parent: string | null;
  indicators: Array<{
    code: string;
    name: string;
    target: number | null;
    actual: number | null;
    expected: number | null;
    completion: number | null;
  }>;
}

export interface BulletinData {
  asOf: string;
  units: number;
  stages: Array<{ stage: string; count: number }>;
  statuses: Array<{ status: string; count: number }>;
  overdue: {
    count: number;
    shown: Array<{ code: string; name: string; step: string | null; dueAt: string }>;
  };
  root: { code: string; name: string; index: number | null };
  indicators: IndicatorRow[];
  rankings: { counties: RankRow[]; industries: RankRow[] };
  /** Each county/district and industry union: its subtree's completion per indicator. */
  groups: Array<{
    code: string;
    name: string;
    kind: string;
    completion: Array<number | null>;
    status: PaceStatus[];
  }>;
  lagging: { count: number; shown: LaggingUnit[] };
  /** The year's confirmed results (the year-end bulletin); null before any. */
  results: ResultsSection | null;
  honours: HonoursNote[];
  /** Whether an earlier bulletin of the year exists (the highlights compare with it). */
  hadPrevious: boolean;
  highlights: Array<{ code: string; name: string; from: number; to: number; gain: number }>;
  /** Completion index of every participating unit and ranked group, for the next bulletin's highlights. */
  index: Record<string, number>;
  /** The plan period so far (earlier years as finalised, this year as of this bulletin); issued bulletins have it. */
  planToDate?: PlanToDate;
}

const WAITING = new Set(['WAITING_SUBMISSION', 'WAITING_DECISION', 'RETURNED']);
/** Long lists are cut in the document (their full count is always given). */
export const LIST_LIMIT = 200;
const HIGHLIGHTS = 5;

interface Rolled {
  value: number;
  numerator: number;
  denominator: number;
  previous: number;
  hasPrevious: boolean;
  target: number;
  targets: number;
  reporting: number;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

export class BulletinTreeError extends Error {
  override name = 'BulletinTreeError';
}

export function buildBulletin(input: BulletinInput): BulletinData {
  const { units, indicators } = input;
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<string, string[]>();
  const roots: BulletinUnit[] = [];
  for (const u of units) {
    if (u.parentId === null || !byId.has(u.parentId)) roots.push(u);
    else {
      const list = children.get(u.parentId);
      if (list) list.push(u.id);
      else children.set(u.parentId, [u.id]);
    }
  }
  if (roots.length !== 1)
    throw new BulletinTreeError(`a bulletin covers one tree; found ${roots.length} roots`);
  const root = roots[0]!;
  // Breadth-first from the root; reversed, it visits every child before its parent.
  const order: BulletinUnit[] = [root];
  for (let i = 0; i < order.length; i++)
    for (const c of children.get(order[i]!.id) ?? []) order.push(byId.get(c)!);
  if (order.length !== units.length) throw new BulletinTreeError('the organisation tree has a cycle');

  // rolled[i][u] for indicator i and unit index u (in `order`).
  const position = new Map(order.map((u, i) => [u.id, i]));
  const rolled: Rolled[][] = indicators.map(() => order.map(() => emptyRolled()));
  for (let u = order.length - 1; u >= 0; u--) {
    const unit = order[u]!;
    const own = unit.participating ? input.figures.get(unit.id) : undefined;
    const ownTargets = unit.participating ? input.targets.get(unit.id) : undefined;
    const parent = unit.parentId !== null ? position.get(unit.parentId) : undefined;
    indicators.forEach((ind, i) => {
      const r = rolled[i]![u]!;
      const f = own?.[ind.code];
      if (f) {
        r.value += f.value;
        r.numerator += f.numerator ?? 0;
        r.denominator += f.denominator ?? 0;
        if (f.previous !== undefined && f.previous !== null) {
          r.previous += f.previous;
          r.hasPrevious = true;
        }
        r.reporting++;
      }
      const t = ownTargets?.[ind.code];
      if (t !== undefined) {
        r.target += t;
        r.targets++;
      }
      if (parent !== undefined) addInto(rolled[i]![parent]!, r);
    });
  }

  const judge = (i: number, u: number) => {
    const ind = indicators[i]!;
    const r = rolled[i]![u]!;
    const share = ind.aggregation === 'SHARE';
    const actual =
      r.reporting === 0
        ? null
        : share
          ? r.denominator > 0
            ? (100 * r.numerator) / r.denominator
            : r.value / r.reporting
          : r.value;
    const target = r.targets === 0 ? null : share ? r.target / r.targets : r.target;
    const previous = r.hasPrevious ? (share ? r.previous / r.reporting : r.previous) : null;
    const j = judgeIndicator({
      kind: ind.kind,
      target,
      actual,
      elapsed: input.elapsed,
      previous,
      annualRatePct: ind.annualRatePct,
      spanYears: ind.spanYears,
    });
    return { target, actual, ...j, reporting: r.reporting };
  };
  const indexOf = (u: number): number | null => {
    const completions = indicators.map((ind, i) => ({
      code: ind.code,
      weight: ind.weight,
      completion: judge(i, u).completion,
    }));
    return completions.some((c) => c.completion !== null && c.weight > 0)
      ? round(indicatorPart(completions), 2)
      : null;
  };

  // Stages, statuses and overdue steps of the participating units.
  const participating = order.filter((u) => u.participating);
  const stageCounts = new Map<string, number>();
  const statusCounts = new Map<string, number>();
  const overdue: BulletinData['overdue']['shown'] = [];
  let overdueCount = 0;
  for (const u of participating) {
    stageCounts.set(u.stage ?? 'PLAN_SUBMISSION', (stageCounts.get(u.stage ?? 'PLAN_SUBMISSION') ?? 0) + 1);
    statusCounts.set(
      u.status ?? 'WAITING_SUBMISSION',
      (statusCounts.get(u.status ?? 'WAITING_SUBMISSION') ?? 0) + 1,
    );
    if (u.dueAt !== null && u.dueAt < input.asOf && u.status !== null && WAITING.has(u.status)) {
      overdueCount++;
      if (overdue.length < LIST_LIMIT)
        overdue.push({ code: u.code, name: u.name, step: u.step, dueAt: new Date(u.dueAt).toISOString() });
    }
  }
  overdue.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.code.localeCompare(b.code));

  // Lagging units, judged on their own figures against their own targets.
  const lagging: LaggingUnit[] = [];
  let laggingCount = 0;
  const laggingUnder = new Map<string, number>();
  for (const u of participating) {
    const own = input.figures.get(u.id);
    const targets = input.targets.get(u.id);
    if (!own) continue;
    const judged = judgeReport(
      indicators,
      own,
      targets ?? {},
      input.reportElapsed.get(u.id) ?? input.elapsed,
    );
    const behind = judged.flatMap((j, i) =>
      j.status === 'LAGGING'
        ? [
            {
              code: j.code,
              name: indicators[i]!.name,
              target: j.target,
              actual: j.actual,
              expected: j.expected,
              completion: j.completion,
            },
          ]
        : [],
    );
    if (behind.length === 0) continue;
    laggingCount++;
    for (let p = u.parentId; p !== null; p = byId.get(p)?.parentId ?? null)
      laggingUnder.set(p, (laggingUnder.get(p) ?? 0) + 1);
    if (lagging.length < LIST_LIMIT)
      lagging.push({
        code: u.code,
        name: u.name,
        parent: u.parentId ? (byId.get(u.parentId)?.name ?? null) : null,
        indicators: behind,
      });
  }
  lagging.sort((a, b) => a.code.localeCompare(b.code));

  const index: Record<string, number> = {};
  const rank = (kind: string): RankRow[] =>
    order
      .map((u, i) => ({ u, i }))
      .filter(({ u }) => u.kind === kind)
      .map(({ u, i }) => ({ u, value: indexOf(i) }))
      .filter((x): x is { u: BulletinUnit; value: number } => x.value !== null)
      .sort((a, b) => b.value - a.value || a.u.code.localeCompare(b.u.code))
      .map(({ u, value }, k) => {
        index[u.code] = value;
        return {
          rank: k + 1,
          code: u.code,
          name: u.name,
          index: value,
          laggingUnits: laggingUnder.get(u.id) ?? 0,
        };
      });
  const rankings = { counties: rank('COUNTY_DISTRICT'), industries: rank('INDUSTRY_UNION') };
  const groups: BulletinData['groups'] = [];
  order.forEach((u, k) => {
    if (u.kind !== 'COUNTY_DISTRICT' && u.kind !== 'INDUSTRY_UNION') return;
    const judged = indicators.map((_, i) => judge(i, k));
    groups.push({
      code: u.code,
      name: u.name,
      kind: u.kind,
      completion: judged.map((j) => (j.completion === null ? null : round(j.completion))),
      status: judged.map((j) => j.status),
    });
  });
  groups.sort((a, b) => a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code));

  const highlights: BulletinData['highlights'] = [];
  order.forEach((u, i) => {
    if (!u.participating) return;
    const value = indexOf(i);
    if (value === null) return;
    index[u.code] = value;
    const before = input.previousIndex?.[u.code];
    if (before !== undefined && value > before)
      highlights.push({
        code: u.code,
        name: u.name,
        from: before,
        to: value,
        gain: round(value - before, 2),
      });
  });
  highlights.sort((a, b) => b.gain - a.gain || a.code.localeCompare(b.code));

  return {
    asOf: new Date(input.asOf).toISOString(),
    units: participating.length,
    stages: STAGES.map((stage) => ({ stage, count: stageCounts.get(stage) ?? 0 })),
    statuses: [...statusCounts]
      .map(([status, count]) => ({ status, count }))
      .sort((a, b) => a.status.localeCompare(b.status)),
    overdue: { count: overdueCount, shown: overdue },
    root: { code: root.code, name: root.name, index: indexOf(0) },
    indicators: indicators.map((ind, i) => {
      const j = judge(i, 0);
      return {
        code: ind.code,
        name: ind.name,
        unit: ind.unit,
        kind: ind.kind,
        target: j.target === null ? null : round(j.target),
        actual: j.actual === null ? null : round(j.actual),
        expected: j.expected === null ? null : round(j.expected),
        completion: j.completion === null ? null : round(j.completion),
        status: j.status,
        reporting: j.reporting,
      };
    }),
    rankings,
    groups,
    lagging: { count: laggingCount, shown: lagging },
    results: yearResults(
      participating
        .filter((u) => u.result)
        .map((u) => ({
          code: u.code,
          name: u.name,
          parentName: (u.parentId && byId.get(u.parentId)?.name) || null,
          kind: u.kind,
          ...u.result!,
        })),
    ),
    honours: input.honours ?? [],
    hadPrevious: input.previousIndex !== undefined,
    highlights: highlights.slice(0, HIGHLIGHTS),
    index,
  };
}

function emptyRolled(): Rolled {
  return {
    value: 0,
    numerator: 0,
    denominator: 0,
    previous: 0,
    hasPrevious: false,
    target: 0,
    targets: 0,
    reporting: 0,
  };
}

function addInto(parent: Rolled, child: Rolled): void {
  parent.value += child.value;
  parent.numerator += child.numerator;
  parent.denominator += child.denominator;
  parent.previous += child.previous;
  parent.hasPrevious ||= child.hasPrevious;
  parent.target += child.target;
  parent.targets += child.targets;
  parent.reporting += child.reporting;
}
