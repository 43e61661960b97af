/**
 * The workflow code a worker runs. Bundling it from source costs a worker about 3 s of CPU at every start, which a
 * worker restarted after a crash (or one of many started for a release) pays again and again; a release builds the
 * bundle once (`npm run build:workflows -- FILE`) and its workers load that file (WORKFLOW_BUNDLE). `npm start`
 * builds one into its data folder before it starts its worker, so a restarted worker is quick and runs the same code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const WORKFLOWS = require.resolve('../workflows');

const silent = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

/** Bundles the workflows from source into `file` (written whole, then renamed, so a reader never sees half). */
export async function buildWorkflowBundle(file: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, logger: silent });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, file);
}

/** What `Worker.create` is given: the built bundle when there is one, else the source to bundle. */
export function workflowCode(bundleFile: string | undefined) {
  return bundleFile ? { workflowBundle: { codePath: bundleFile } } : { workflowsPath: WORKFLOWS };
}
