import { batchReads } from './shared-reads';

it('reads what the mails of a batch ask for by id in one read, and each shared read once', async () => {
  const reads = batchReads();
  const asked: string[][] = [];
  const readAll = async (ids: string[]) => {
    asked.push(ids);
    return new Map(ids.filter((id) => id !== 'gone').map((id) => [id, `row ${id}`]));
  };
  let onceReads = 0;
  const mail = async (id: string) => {
    const row = await reads.load('assessment', id, readAll);
    const plan = await reads.once('plan', async () => ++onceReads);
    return [row, plan];
  };
  expect(await Promise.all(['a', 'b', 'a', 'gone'].map(mail))).toEqual([
    ['row a', 1],
    ['row b', 1],
    ['row a', 1],
    [undefined, 1],
  ]);
  expect(asked).toEqual([['a', 'b', 'gone']]);
  expect(onceReads).toBe(1);
});

it('fails every mail that waited on a failed read', async () => {
  const reads = batchReads();
  const readAll = async (): Promise<Map<string, string>> => {
    throw new Error('database down');
  };
  const results = await Promise.allSettled(['a', 'b'].map((id) => reads.load('person', id, readAll)));
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
});
