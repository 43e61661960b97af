/** A multipart form (a file upload) read into memory with limits: text fields and one file's text. */
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
  file: { name: string; text: string } | null;
}

export function readMultipartForm(req: Request, limitBytes = 8 * 1024 * 1024): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: limitBytes, fieldSize: limitBytes, files: 1, fields: 20 },
      });
    } catch (err) {
      return reject(err);
    }
    const fields: Record<string, string> = {};
    let file: MultipartForm['file'] = null;
    let tooLarge = false;
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) tooLarge = true;
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => (tooLarge = true));
      stream.on('end', () => {
        if (info.filename) file = { name: info.filename, text: Buffer.concat(chunks).toString('utf8') };
      });
    });
    parser.on('error', reject);
    parser.on('close', () =>
      tooLarge ? reject(new FormTooLargeError(limitBytes)) : resolve({ fields, file }),
    );
    req.pipe(parser);
  });
}
