/**
 * Determinism: histories recorded from real runs (test/histories, refreshed with RECORD_HISTORIES=1 npx jest
 * test/cycle) must replay against the current workflow code. A change that would break running workflows fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });

const HISTORIES = path.join(__dirname, 'histories');
const files = fs.existsSync(HISTORIES) ? fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json')) : [];

it('has recorded histories of the cycle and of units that went through every kind of step', () => {
  expect(files.some((f) => f.startsWith('cycle-'))).toBe(true);
  expect(files.filter((f) => f.startsWith('assessment-')).length).toBeGreaterThanOrEqual(2);
});

it('replays every recorded history without a determinism error', async () => {
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES, f), 'utf8'))),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../workflows') },
    histories,
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(histories.length).toBe(files.length);
}, 120_000);
