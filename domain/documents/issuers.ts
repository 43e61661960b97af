/**
 * What an issuing authority (发文机关) is made of, as an office enters it: names, the number prefix (the series its
 * documents are numbered in), 抄送 and 印发, and an optional seal image, which must be a PNG or JPEG of at most
 * 1 MB judged by its bytes.
 */
import { z } from 'zod';
import { sniffType } from '../awards/attachments';

export const SEAL_MAX_BYTES = 1024 * 1024;

const line = (max: number) => z.string().trim().min(1).max(max);

export const issuerSchema = z.object({
  name: line(60),
  shortName: line(20),
  // Written into every number: no spaces and none of the brackets the number itself uses.
  numberPrefix: z
    .string()
    .trim()
    .regex(/^[^\s〔〕[\]()（）]{1,20}$/u, 'one to twenty characters, without spaces or brackets'),
  copyTo: z.array(line(60)).max(20).default([]),
  printedBy: line(60),
});

export type IssuerInput = z.output<typeof issuerSchema>;

export type SealVerdict =
  { ok: true; mediaType: 'image/png' | 'image/jpeg' } | { ok: false; problem: 'type' | 'tooLarge' };

export function judgeSeal(image: Uint8Array): SealVerdict {
  if (image.length > SEAL_MAX_BYTES) return { ok: false, problem: 'tooLarge' };
  const type = sniffType(image);
  return type === 'image/png' || type === 'image/jpeg'
    ? { ok: true, mediaType: type }
    : { ok: false, problem: 'type' };
}

/** 抄送 as typed in one text area: one addressee per line or separated by 、 or ，. */
export const splitCopyTo = (text: string) =>
  text
    .split(/[\n、，,]/u)
    .map((s) => s.trim())
    .filter(Boolean);
