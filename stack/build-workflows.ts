/** `npm run build:workflows -- FILE`: the release's workflow bundle, for its workers' WORKFLOW_BUNDLE. */
import path from 'node:path';
import { buildWorkflowBundle } from './workflow-bundle';

const file = process.argv[2];
if (!file) {
  process.stderr.write(
    'usage: npm run build:workflows -- FILE (then start each worker with WORKFLOW_BUNDLE=FILE)\n',
  );
  process.exit(2);
}
const target = path.resolve(file);
buildWorkflowBundle(target).then(
  () => process.stdout.write(`workflow bundle written to ${target}\n`),
  (err: unknown) => {
    process.stderr.write(
      `the workflows could not be bundled: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  },
);
