/**
 * A nomination form's files: judged by their content (domain/awards/attachments.ts) with the reason in the reader's
 * language, and sent back only as downloads (never rendered in the page's origin) to whoever may see them.
 */
import type { Response } from 'express';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_NOMINATION,
  judgeAttachment,
  sniffType,
  typeWord,
} from '../../domain/awards/attachments';
import type { AcceptedFile } from '../../stores/awards/attachments';
import { translate, type Locale } from '../../templates/render';
import type { UploadedForm, UploadLimits } from '../multipart-form';

export const ATTACHMENT_FIELD = 'attachments';

/** What a nomination form may send: a few more files than allowed, so that too many is said, not cut off. */
export const NOMINATION_UPLOADS: UploadLimits = {
  fileBytes: ATTACHMENT_MAX_BYTES + 1,
  files: ATTACHMENTS_PER_NOMINATION,
  fields: 100,
  fieldBytes: 64 * 1024,
};

/** The files accepted, or the problem to show next to the file field. */
export function judgeUploads(
  uploads: UploadedForm,
  held: number,
  locale: Locale,
): { files: AcceptedFile[] } | { error: string } {
  const files = uploads.files.filter((f) => f.field === ATTACHMENT_FIELD);
  const max = ATTACHMENTS_PER_NOMINATION;
  if (uploads.tooManyFiles || held + files.length > max)
    return { error: translate(locale, 'awards.attachment.tooMany', { max, held }) };
  const accepted: AcceptedFile[] = [];
  for (const f of files) {
    const size = f.truncated ? ATTACHMENT_MAX_BYTES + 1 : f.data.length;
    const v = judgeAttachment({ name: f.name, size, head: f.data.subarray(0, 16) });
    if (!v.ok) {
      const type = sniffType(f.data);
      return {
        error: translate(locale, `awards.attachment.${v.problem}`, {
          name: f.name.slice(0, 200),
          type: type ? typeWord(type) : '',
        }),
      };
    }
    accepted.push({ fileName: v.fileName, mediaType: v.mediaType, data: f.data });
  }
  return { files: accepted };
}

/** Sends a stored file as a download of its checked type. */
export function sendAttachment(
  res: Response,
  file: { fileName: string; mediaType: string; content: Buffer },
): void {
  res
    .status(200)
    .set({
      'Content-Type': file.mediaType,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    })
    .send(file.content);
}
