/** Typed failures become JSON with a status, a machine-readable code and a message that says what to do. */
import type { ErrorRequestHandler, RequestHandler } from 'express';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.path}. See README.md for the API.`));
};

export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } });
    return;
  }
  if (e.type === 'entity.too.large') {
    res
      .status(413)
      .json({ error: { code: 'too_large', message: 'The request body is too large (limit 1 MB).' } });
    return;
  }
  process.stderr.write(`[api] ${err instanceof Error ? err.stack : String(err)}\n`);
  res.status(500).json({
    error: { code: 'internal', message: 'Something went wrong on the server; it has been logged.' },
  });
};
