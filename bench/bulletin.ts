/**
 * Building one bulletin for N units (generated in memory: a federation, 10 counties, 5 industry unions, grassroots
 * unions below, 18 indicators of every kind, figures for nine units in ten): the figures (domain/bulletin.ts) and
 * the HTML with its charts. Reported against a baseline in the same process: one JSON serialisation of the same
 * snapshot, the cheapest linear pass over the data. Last line: `bulletin units=N build_ms=T peak_rss_mb=M`.
 */
import { renderBulletinHtml } from '../activities/bulletin/document';
import {
  buildBulletin,
  type BulletinInput,
  type BulletinUnit,
  type ReportedFigure,
} from '../domain/bulletin';
import type { IndicatorKind } from '../domain/indicators';

const KINDS: IndicatorKind[] = ['ANNUAL_COUNT', 'CUMULATIVE', 'LEVEL', 'GROWTH', 'RATIO', 'LOWER_IS_BETTER'];

/** A deterministic pseudo-random sequence, so that every run builds the same bulletin. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateSnapshot(units: number): BulletinInput {
  const rnd = random(units);
  const list: BulletinUnit[] = [];
  const add = (code: string, kind: string, parentId: string | null, participating: boolean) => {
    list.push({
      id: code,
      code,
      name: `单位${code}`,
      kind,
      parentId,
      participating,
      stage: ['PLAN_SUBMISSION', 'TARGET_SETTING', 'EXECUTION_CHECK', 'EVALUATION'][Math.floor(rnd() * 4)]!,
      status: rnd() < 0.7 ? 'WAITING_SUBMISSION' : 'WAITING_DECISION',
      step: 'check-1',
      dueAt: Date.parse('2026-07-10T10:00:00Z') + Math.floor((rnd() - 0.3) * 30 * 86_400_000),
    });
  };
  add('root', 'FEDERATION', null, false);
  const groups: string[] = [];
  for (let c = 0; c < 10; c++) groups.push(`county-${c}`);
  for (let i = 0; i < 5; i++) groups.push(`industry-${i}`);
  for (const g of groups) add(g, g.startsWith('county') ? 'COUNTY_DISTRICT' : 'INDUSTRY_UNION', 'root', true);
  for (let u = 0; list.length < units + 1; u++)
    add(`g-${u}`, 'GRASSROOTS_UNION', groups[u % groups.length]!, true);

  const indicators = Array.from({ length: 18 }, (_, i) => ({
    code: `i${i}`,
    name: `指标${i}`,
    unit: '项',
    kind: KINDS[i % KINDS.length]!,
    aggregation: (i % KINDS.length === 4 ? 'SHARE' : 'SUM') as 'SUM' | 'SHARE',
    weight: 1 + (i % 3),
    annualRatePct: i % KINDS.length === 3 || i % KINDS.length === 5 ? 10 : null,
    spanYears: 1,
  }));
  const targets = new Map<string, Record<string, number>>();
  const figures = new Map<string, Record<string, ReportedFigure>>();
  for (const u of list) {
    if (!u.participating) continue;
    targets.set(u.id, Object.fromEntries(indicators.map((ind) => [ind.code, 10 + Math.floor(rnd() * 90)])));
    if (rnd() < 0.9)
      figures.set(
        u.id,
        Object.fromEntries(
          indicators.map((ind) => {
            const value = Math.floor(rnd() * 80);
            return [
              ind.code,
              ind.aggregation === 'SHARE'
                ? { value, numerator: value, denominator: 100 }
                : { value, previous: Math.floor(rnd() * 70) },
            ];
          }),
        ),
      );
  }
  return {
    asOf: Date.parse('2026-07-01T00:00:00Z'),
    elapsed: 0.5,
    units: list,
    indicators,
    targets,
    figures,
    reportElapsed: new Map(),
    previousIndex: Object.fromEntries(list.map((u) => [u.code, 40 + rnd() * 20])),
  };
}

export async function runBulletinBench(args: Map<string, string>): Promise<void> {
  const units = Number(args.get('units') ?? '1000');
  if (!Number.isInteger(units) || units < 20)
    throw new Error('--units must be a whole number of at least 20');
  const snapshot = generateSnapshot(units);

  const baselineStart = performance.now();
  const serialised = JSON.stringify({
    units: snapshot.units,
    figures: [...snapshot.figures],
    targets: [...snapshot.targets],
  });
  const baselineMs = performance.now() - baselineStart;

  const start = performance.now();
  const data = buildBulletin(snapshot);
  const figuresMs = performance.now() - start;
  const html = renderBulletinHtml(data, {
    year: 2026,
    number: 1,
    federation: '平顶山市总工会',
    issuedAt: new Date(snapshot.asOf),
    calendar: { checks: [{ label: 'Q2' }] },
  });
  const buildMs = performance.now() - start;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;

  process.stdout.write(
    [
      `units ${units}, snapshot ${(serialised.length / 1e6).toFixed(1)} MB as JSON, bulletin HTML ${(html.length / 1e3).toFixed(0)} kB`,
      `figures ${figuresMs.toFixed(0)} ms + HTML ${(buildMs - figuresMs).toFixed(0)} ms = ${buildMs.toFixed(0)} ms; baseline (JSON of the snapshot) ${baselineMs.toFixed(0)} ms; ratio ${(buildMs / baselineMs).toFixed(2)}`,
      `bulletin units=${units} build_ms=${buildMs.toFixed(0)} peak_rss_mb=${peakRssMb.toFixed(0)}`,
      '',
    ].join('\n'),
  );
}
