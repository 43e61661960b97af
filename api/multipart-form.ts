/**
 * Multipart forms read into memory with limits: an import's one text file, or a form's files as they came, each
 * cut at its limit and marked so the page can say which one was too large.
 */
import busboy from 'busboy';
import type { Request } from 'express';

export class FormTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`the upload is larger than ${Math.round(limitBytes / 1024 / 1024)} MB`);
    this.name = 'FormTooLargeError';
  }
}

export interface MultipartForm {
  fields: Record<string, string>;
  file: { name: string; text: string; data: Buffer } | null;
}

/** An import's form: its fields and its one file, whole, or FormTooLargeError past `limitBytes`. */
export async function readMultipartForm(req: Request, limitBytes = 8 * 1024 * 1024): Promise<MultipartForm> {
  const form = await readUploads(req, {
    fileBytes: limitBytes,
    files: 1,
    fields: 20,
    fieldBytes: limitBytes,
  });
  const sent = form.files[0];
  if (sent?.truncated) throw new FormTooLargeError(limitBytes);
  return {
    fields: form.fields,
    file: sent ? { name: sent.name, text: sent.data.toString('utf8'), data: sent.data } : null,
  };
}

export interface UploadedFile {
  field: string;
  name: string;
  data: Buffer;
  /** It was larger than the per-file limit: `data` holds only its first bytes. */
  truncated: boolean;
}

export interface UploadLimits {
  fileBytes: number;
  files: number;
  fields: number;
  fieldBytes: number;
}

export interface UploadedForm {
  fields: Record<string, string>;
  files: UploadedFile[];
  /** More files than the limit were sent: the rest were not read. */
  tooManyFiles: boolean;
}

export const isMultipart = (req: Request) => /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');

export function readUploads(req: Request, limits: UploadLimits): Promise<UploadedForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send file names in UTF-8; busboy's default reads them as Latin-1.
        defParamCharset: 'utf8',
        limits: {
          fileSize: limits.fileBytes,
          fieldSize: limits.fieldBytes,
          files: limits.files,
          fields: limits.fields,
        },
      });
    } catch (err) {
      return reject(err);
    }
    const form: UploadedForm = { fields: {}, files: [], tooManyFiles: false };
    let fieldTooLarge = false;
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fieldTooLarge = true;
      form.fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => (truncated = true));
      stream.on('end', () => {
        // A file input left empty still sends a part, without a name.
        if (info.filename)
          form.files.push({ field, name: info.filename, data: Buffer.concat(chunks), truncated });
      });
    });
    parser.on('filesLimit', () => (form.tooManyFiles = true));
    parser.on('error', reject);
    parser.on('close', () =>
      fieldTooLarge ? reject(new FormTooLargeError(limits.fieldBytes)) : resolve(form),
    );
    req.pipe(parser);
  });
}
