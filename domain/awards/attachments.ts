/**
 * What a nomination may carry as attachments (事迹材料, 证明): PDF, JPEG or PNG, each at most 10 MB, at most five per
 * nomination. The type is judged from the file's first bytes, never from its name or the browser's word; a name
 * whose extension says another type than the content is refused as well, since the office opens files by name.
 */

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_NOMINATION = 5;

export const ATTACHMENT_TYPES = {
  'application/pdf': { extensions: ['pdf'], signature: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], signature: [0xff, 0xd8, 0xff] },
  'image/png': { extensions: ['png'], signature: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
} as const;

export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export type AttachmentProblem = 'empty' | 'tooLarge' | 'type' | 'extension' | 'name';

export type AttachmentVerdict =
  { ok: true; mediaType: AttachmentType; fileName: string } | { ok: false; problem: AttachmentProblem };

/** The type the content is, by its signature; null when it is none of the accepted ones. */
export function sniffType(data: Uint8Array): AttachmentType | null {
  for (const [type, { signature }] of Object.entries(ATTACHMENT_TYPES))
    if (signature.every((byte, i) => data[i] === byte)) return type as AttachmentType;
  return null;
}

/**
 * The name as stored and offered for download: the last path segment, without control characters; null when
 * nothing is left or it is longer than 200 characters.
 */
export function cleanFileName(name: string): string | null {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base && base.length <= 200 ? base : null;
}

export function judgeAttachment(file: { name: string; size: number; head: Uint8Array }): AttachmentVerdict {
  const fileName = cleanFileName(file.name);
  if (!fileName) return { ok: false, problem: 'name' };
  if (file.size === 0) return { ok: false, problem: 'empty' };
  if (file.size > ATTACHMENT_MAX_BYTES) return { ok: false, problem: 'tooLarge' };
  const mediaType = sniffType(file.head);
  if (!mediaType) return { ok: false, problem: 'type' };
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (!(ATTACHMENT_TYPES[mediaType].extensions as readonly string[]).includes(extension))
    return { ok: false, problem: 'extension' };
  return { ok: true, mediaType, fileName };
}

/** The extension-free word for a type, as forms and errors name it. */
export const typeWord = (t: AttachmentType) => ATTACHMENT_TYPES[t].extensions[0].toUpperCase();
