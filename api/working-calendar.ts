/**
 * The working-day calendar in the API (admin): a year's days that differ from the weekly pattern, and setting one
 * day off or worked as the State Council publishes the next year's arrangements (or clearing it).
 */
import { Router } from 'express';
import { z } from 'zod';
import { parseLocalDate } from '../domain/working-days';
import { recordAudit } from '../stores/audit';
import { calendarDays, setCalendarDay } from '../stores/awards/working-calendar';
import type { Db } from '../stores/db';
import { HttpError } from './errors';
import { parseBody } from './validate';

const dayBody = z
  .object({
    working: z.boolean().nullable(),
    note: z.string().trim().max(200).nullable().default(null),
    by: z.string().trim().min(1).max(200),
  })
  .strict();

export function workingCalendarRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/api/working-calendar/:year', async (req, res) => {
    const year = Number(req.params.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw new HttpError(404, 'not_found', `"${req.params.year}" is not a year between 2000 and 2100.`);
    res.json({ year, days: await calendarDays(db, year) });
  });

  router.put('/api/working-calendar/:date', async (req, res) => {
    const date = parseLocalDate(String(req.params.date));
    if (!date) throw new HttpError(422, 'invalid_input', 'Expected a calendar date "YYYY-MM-DD".');
    const body = parseBody(dayBody, req.body);
    await setCalendarDay(db, date, body.working, body.note);
    await recordAudit(db, {
      actor: body.by,
      action: 'working_calendar.set',
      subjectType: 'WorkingCalendarDay',
      subjectId: date,
      detail: { working: body.working, note: body.note },
    });
    res.json({ date, working: body.working, note: body.note });
  });

  return router;
}
