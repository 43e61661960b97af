/**
 * A later build of the workflow code, as a release would bring it: the workflows folder copied beside the real
 * one (so its imports resolve as the original's do), changed, bundled and removed again. The change adds a step
 * after target setting — a new timer and a new activity — guarded by `patched('targets-settled')` unless
 * `guarded` is false (the mistake the guard prevents).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';

const ROOT = path.resolve(__dirname, '../..');

export async function nextBuild(name: string, guarded = true): Promise<WorkflowBundle> {
  const dir = path.join(ROOT, `workflows-${name}`);
  fs.cpSync(path.join(ROOT, 'workflows'), dir, { recursive: true });
  try {
    const file = path.join(dir, 'assessment', 'workflow.ts');
    const step = [
      "  await sleep('1 second');",
      "  await s.audit('workflow', 'assessment.targetsSettled', { build: 'next' });",
    ];
    const code = fs
      .readFileSync(file, 'utf8')
      .replace(
        "import { allHandlersFinished, condition, getExternalWorkflowHandle, patched } from '@temporalio/workflow';",
        "import { allHandlersFinished, condition, getExternalWorkflowHandle, patched, sleep } from '@temporalio/workflow';",
      )
      .replace(
        "  s.stage = 'EXECUTION_CHECK';\n",
        [
          ...(guarded ? ["  if (patched('targets-settled')) {", ...step.map((l) => `  ${l}`), '  }'] : step),
          "  s.stage = 'EXECUTION_CHECK';",
          '',
        ].join('\n'),
      );
    if (!code.includes("'assessment.targetsSettled'"))
      throw new Error('the workflow changed: update nextBuild');
    fs.writeFileSync(file, code);
    return await bundleWorkflowCode({ workflowsPath: path.join(dir, 'index.ts'), logger: undefined });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
