/** One schema per request body or parameter set; a failure is a 422 listing every field with its problem. */
import type { z } from 'zod';
import { HttpError } from './errors';
import { isUuid } from '../domain/uuid';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.join('.') || '(body)',
      message: i.message,
    }));
    throw new HttpError(
      422,
      'invalid_input',
      `The request has invalid fields: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return result.data;
}

export { isUuid };

export function parseId(value: string, what: string): string {
  if (!isUuid(value)) throw new HttpError(404, 'not_found', `No ${what} with id "${value}".`);
  return value;
}
