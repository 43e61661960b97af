import { groupCommit } from './group-commit';

it('writes the first item alone and what arrived meanwhile in one write', async () => {
  const writes: number[][] = [];
  let release: () => void = () => undefined;
  const commit = groupCommit<number>(async (items) => {
    writes.push(items);
    if (writes.length === 1) await new Promise<void>((r) => (release = r));
  });
  const first = commit(1);
  const rest = [commit(2), commit(3), commit(4)];
  release();
  await Promise.all([first, ...rest]);
  expect(writes).toEqual([[1], [2, 3, 4]]);
});

it('rejects the callers of a failed write only, and keeps writing', async () => {
  const commit = groupCommit<string>(async (items) => {
    if (items.includes('bad')) throw new Error('write failed');
  });
  await expect(commit('bad')).rejects.toThrow('write failed');
  await expect(commit('good')).resolves.toBeUndefined();
});
