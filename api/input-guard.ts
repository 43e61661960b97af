/**
 * The edge's first check, before any route reads a request: an address, query or body holding text that cannot
 * be stored (domain/input-rules.ts) is refused with a 4xx and never reaches the database or a workflow. Fields
 * with rules of their own (lengths, figures) are checked again, with messages next to the field, by their routes.
 */
import type { RequestHandler } from 'express';
import { firstUnstorableText, textProblem } from '../domain/input-rules';
import { textIssue } from '../domain/submissions';
import { HttpError } from './errors';

function decodedPath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/** Addresses and query strings: badly encoded or unstorable ones are malformed requests. */
export const refuseMalformedAddress: RequestHandler = (req, _res, next) => {
  const path = decodedPath(req.path);
  if (path === null || textProblem(path, 2000) || firstUnstorableText(req.query))
    return next(
      new HttpError(
        400,
        'bad_request',
        'The address is malformed: it holds bad percent-encoding or characters that cannot be used.',
        undefined,
        { key: 'error.http.badRequest' },
      ),
    );
  next();
};

/** Parsed bodies: any string anywhere that cannot be stored is refused, naming its field. */
export const refuseUnstorableBody: RequestHandler = (req, _res, next) => {
  const found = firstUnstorableText(req.body);
  if (!found) return next();
  const issue = textIssue(found.path, found.problem, 0);
  next(
    new HttpError(
      422,
      'invalid_input',
      `The request has invalid fields: ${found.path}: ${issue.message}`,
      [{ path: found.path, message: issue.message }],
      { key: `validation.${issue.code}`, params: issue.params },
    ),
  );
};
