/**
 * Temporal evaluates a workflow's modules afresh for every workflow, so whatever the bundle pulls in is paid per
 * unit per cycle. This keeps heavy libraries meant for the edges (zod, Prisma, pg) out of it — out of the bundle a
 * release builds and its workers run (stack/workflow-bundle.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildWorkflowBundle } from '../stack/workflow-bundle';
import { tempDir } from './support/servers';

it('keeps schema and database libraries out of the workflow bundle', async () => {
  const file = path.join(tempDir('bundle-contents'), 'workflows.js');
  await buildWorkflowBundle(file);
  const code = fs.readFileSync(file, 'utf8');
  for (const heavy of ['node_modules/zod/', 'node_modules/@prisma/', 'node_modules/pg/'])
    expect(code.includes(heavy)).toBe(false);
}, 120_000);
