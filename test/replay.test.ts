/**
 * Determinism: histories recorded from real runs (test/histories, refreshed with RECORD_HISTORIES=1 npx jest
 * test/cycle) must replay against the current workflow code. A change that would break running workflows fails here.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { tempDir } from './support/servers';

Runtime.install({ logger: new DefaultLogger('WARN') });

const HISTORIES = path.join(__dirname, 'histories');
const files = fs.existsSync(HISTORIES) ? fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json')) : [];

it('has recorded histories of the cycle and of units that went through every kind of step', () => {
  expect(files.some((f) => f.startsWith('cycle-'))).toBe(true);
  expect(files.filter((f) => f.startsWith('assessment-')).length).toBeGreaterThanOrEqual(2);
});

async function replayFailures(code: ReplayWorkerOptions): Promise<string[]> {
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES, f), 'utf8'))),
  }));
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(code, histories)) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(replayed).toBe(files.length);
  return failures;
}

it('replays every recorded history without a determinism error', async () => {
  expect(await replayFailures({ workflowsPath: require.resolve('../workflows') })).toEqual([]);
}, 120_000);

it('replays them on the bundle a release builds with `npm run build:workflows`', async () => {
  const file = path.join(tempDir('bundle'), 'workflows.js');
  execFileSync(process.execPath, ['--import', 'tsx', 'stack/build-workflows.ts', file], {
    cwd: path.join(__dirname, '..'),
  });
  expect(await replayFailures({ workflowBundle: { codePath: file } })).toEqual([]);
}, 120_000);
