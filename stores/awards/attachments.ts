/**
 * Nomination attachments: kept in PostgreSQL, or as files named by their row's id in ATTACHMENTS_DIR when one is
 * configured. Rows are written before the workflow decides on the nomination and deleted again if it refuses.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AttachmentType } from '../../domain/awards/attachments';
import type { Db } from '../db';

export interface AcceptedFile {
  fileName: string;
  mediaType: AttachmentType;
  data: Buffer;
}

export interface AttachmentOwner {
  programmeId: string;
  organisationId: string;
  uploadedBy: string;
}

export const attachmentMeta = {
  id: true,
  nominationId: true,
  fileName: true,
  mediaType: true,
  size: true,
} as const;

export function attachmentStore(db: Db, dir?: string) {
  const fileOf = (id: string) => path.join(dir!, id);

  return {
    /** Stores the files; their ids, in order. */
    async save(files: AcceptedFile[], owner: AttachmentOwner): Promise<string[]> {
      const ids: string[] = [];
      try {
        for (const f of files) {
          const id = crypto.randomUUID();
          if (dir) {
            await fs.promises.mkdir(dir, { recursive: true });
            await fs.promises.writeFile(fileOf(id), f.data, { flag: 'wx' });
          }
          ids.push(id);
          await db.nominationAttachment.create({
            data: {
              id,
              ...owner,
              fileName: f.fileName,
              mediaType: f.mediaType,
              size: f.data.length,
              sha256: createHash('sha256').update(f.data).digest('hex'),
              content: dir ? null : new Uint8Array(f.data),
            },
          });
        }
      } catch (err) {
        await this.discard(ids);
        throw err;
      }
      return ids;
    },

    /** Deletes files no nomination took (the workflow refused it): rows already attached stay. */
    async discard(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await db.nominationAttachment.deleteMany({ where: { id: { in: ids }, nominationId: null } });
      if (!dir) return;
      const kept = await db.nominationAttachment.findMany({
        where: { id: { in: ids } },
        select: { id: true },
      });
      const keep = new Set(kept.map((k) => k.id));
      await Promise.all(
        ids.filter((id) => !keep.has(id)).map((id) => fs.promises.rm(fileOf(id), { force: true })),
      );
    },

    /** One attachment with its content, when it belongs to `programmeId`. */
    async read(programmeId: string, id: string) {
      const row = await db.nominationAttachment.findFirst({
        where: { id, programmeId, nominationId: { not: null } },
        select: { ...attachmentMeta, organisationId: true, content: true },
      });
      if (!row) return null;
      const content = row.content ? Buffer.from(row.content) : await fs.promises.readFile(fileOf(row.id));
      return { ...row, content };
    },
  };
}

export type AttachmentStore = ReturnType<typeof attachmentStore>;

/** The attachments of these nominations, by nomination id. */
export async function attachmentsOf(db: Db, nominationIds: string[]) {
  const rows = await db.nominationAttachment.findMany({
    where: { nominationId: { in: nominationIds } },
    orderBy: { createdAt: 'asc' },
    select: attachmentMeta,
  });
  const by = new Map<string, typeof rows>();
  for (const r of rows) by.set(r.nominationId!, [...(by.get(r.nominationId!) ?? []), r]);
  return by;
}

/** How many files a nomination holds already. */
export function attachmentCount(db: Db, nominationId: string) {
  return db.nominationAttachment.count({ where: { nominationId } });
}
