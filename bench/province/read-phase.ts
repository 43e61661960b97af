/**
 * Read: the console's dashboard (whole tree, one city, the overdue filter), a unit page and the year's results
 * export, against the console home page. Bulletin: one bulletin issued end to end through the API (its snapshot
 * read from PostgreSQL, figures, HTML, archive), against reading the same rows with one SQL query; the API
 * process's peak RSS is started over before it, so the peak is the bulletin's.
 */
import { peakRssMb } from './memory';
import type { ProvinceStack } from './stack';

async function timeGet(url: string, headers: Record<string, string>, runs: number): Promise<number> {
  const once = async () => {
    const t0 = performance.now();
    const res = await fetch(url, { headers, redirect: 'manual' });
    const body = await res.arrayBuffer();
    if (res.status !== 200)
      throw new Error(`${url} answered ${res.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
    return performance.now() - t0;
  };
  if (runs === 1) return once();
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export interface ReadResult {
  pages: Array<[string, number]>;
  baselineMs: number;
  dashboardMs: number;
}

export async function readPhase(
  stack: ProvinceStack,
  auth: { cookie: string; token: string },
  cycleId: string,
  city: string,
  unitCode: string,
): Promise<ReadResult> {
  const cookie = { cookie: auth.cookie };
  const base = `${stack.apiUrl}/admin/cycles/${cycleId}`;
  const baselineMs = await timeGet(`${stack.apiUrl}/admin`, cookie, 5);
  const pages: Array<[string, number]> = [
    ['dashboard (whole tree)', await timeGet(base, cookie, 5)],
    ['dashboard (one city)', await timeGet(`${base}?under=${encodeURIComponent(city)}`, cookie, 5)],
    ['dashboard (overdue)', await timeGet(`${base}?overdue=1`, cookie, 5)],
    ['unit page', await timeGet(`${base}/units/${encodeURIComponent(unitCode)}`, cookie, 5)],
    [
      "the year's results (.xlsx)",
      await timeGet(
        `${stack.apiUrl}/api/cycles/${cycleId}/results.xlsx`,
        { authorization: `Bearer ${auth.token}` },
        1,
      ),
    ],
  ];
  return { pages, baselineMs, dashboardMs: pages[0]![1] };
}

export interface BulletinResult {
  ms: number;
  sqlMs: number;
  peakRssMb: number;
}

async function oneQuery(stack: ProvinceStack, cycleId: string): Promise<number> {
  return stack.withPg(async (pg) => {
    const t0 = performance.now();
    await pg.query(
      `SELECT a.id, a.stage, a.status, a.step, a."dueAt", o.code, o."nameZh", o.kind, o."parentId",
              (SELECT s.payload FROM "Submission" s WHERE s."assessmentId" = a.id ORDER BY s.version DESC LIMIT 1)
         FROM "Assessment" a JOIN "Organisation" o ON o.id = a."organisationId"
        WHERE a."cycleId" = $1`,
      [cycleId],
    );
    return performance.now() - t0;
  });
}

export async function bulletinPhase(
  stack: ProvinceStack,
  token: string,
  cycleId: string,
): Promise<BulletinResult> {
  const sqlMs = await oneQuery(stack, cycleId);
  // The reads before (an import, a province's export) leave the API's heap large: a fresh process tells what the
  // bulletin alone needs.
  await stack.restartApi();
  const pid = stack.api.pid!;
  const t0 = performance.now();
  const res = await fetch(`${stack.apiUrl}/api/cycles/${cycleId}/bulletins`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ by: 'bench' }),
  });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 201) throw new Error(`the bulletin answered ${res.status}: ${body.slice(0, 300)}`);
  return { ms, sqlMs, peakRssMb: peakRssMb(pid) };
}
