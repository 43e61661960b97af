/**
 * Bulk writes inside a transaction, in slices one after another. Given more rows than one statement can bind,
 * Prisma's driver adapter sends its own slices at once on the transaction's single connection, which pg
 * deprecates (and pg 9 refuses); a province's 100,000 units are such a write.
 */
const ROWS_PER_WRITE = 5_000;

export async function writeInSlices<T>(rows: T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_WRITE) await write(rows.slice(i, i + ROWS_PER_WRITE));
}
