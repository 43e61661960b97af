/**
 * Import: the province's tree from one CSV through the real import path (`POST /api/organisations/import`, every
 * row checked, all written in one transaction), against `COPY` of the same rows into a scratch table.
 */
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { ProvinceStack } from './stack';
import { treeCsv, type TreeRow } from './tree';

export interface ImportResult {
  ms: number;
  copyMs: number;
}

async function copyRows(stack: ProvinceStack, csv: string): Promise<number> {
  return stack.withPg(async (pg) => {
    await pg.query(
      'CREATE TEMP TABLE tree_copy (code text, name text, kind text, parent text, contact_name text, contact_email text)',
    );
    const t0 = performance.now();
    await pipeline(
      Readable.from([csv]),
      pg.query(copyFrom('COPY tree_copy FROM STDIN (FORMAT csv, HEADER true)')),
    );
    return performance.now() - t0;
  });
}

export async function importPhase(
  stack: ProvinceStack,
  token: string,
  rows: TreeRow[],
): Promise<ImportResult> {
  const csv = treeCsv(rows);
  const copyMs = await copyRows(stack, csv);
  const t0 = performance.now();
  const res = await fetch(`${stack.apiUrl}/api/organisations/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ csv }),
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`the import answered ${res.status}: ${body.slice(0, 500)}`);
  return { ms: performance.now() - t0, copyMs };
}
