/**
 * The backup file: gzip of a JSON header line, then each table's rows in PostgreSQL's COPY text format ended by a
 * `\.` line (COPY escapes a backslash, so no row can be that line), in an order that satisfies every foreign key,
 * then a trailer line with each table's row count and the SHA-256 of everything before it, so a truncated or altered file is refused whole.
 */
import { z } from 'zod';

export const BACKUP_FORMAT = 'jingsai-backup';
export const END_OF_TABLE = '\\.';

export const backupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  takenAt: z.string(),
  serverVersion: z.string(),
  migrations: z.array(z.string()),
  tables: z.array(z.object({ name: z.string(), columns: z.array(z.string()) })),
});
export type BackupHeader = z.infer<typeof backupHeader>;

/** Counted while the rows were written, so no table is read twice. */
export const backupTrailer = z.object({
  end: z.literal(true),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  rows: z.record(z.string(), z.number().int().min(0)),
});

export class BackupError extends Error {
  override name = 'BackupError';
}
