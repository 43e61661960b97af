/**
 * Temporal evaluates a workflow's modules afresh for every workflow, so whatever the bundle pulls in is paid per
 * unit per cycle. This keeps heavy libraries meant for the edges (zod, Prisma, pg) out of it.
 */
import { bundleWorkflowCode } from '@temporalio/worker';

it('keeps schema and database libraries out of the workflow bundle', async () => {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} },
  });
  for (const heavy of ['node_modules/zod/', 'node_modules/@prisma/', 'node_modules/pg/'])
    expect(code.includes(heavy)).toBe(false);
}, 120_000);
