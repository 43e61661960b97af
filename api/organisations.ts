/** Admin API for the organisation tree and plans, for scripts: a branch's units, a CSV import (dry run first), plans. */
import { Router } from 'express';
import { isAllocationHeader, isImportHeader, workbookAsCsv } from './imports/workbook-csv';
import {
  checkAllocationFile,
  importAllocationFile,
  UnknownPlanError,
} from '../stores/plan/allocation-import';
import { allocationRows } from '../stores/exports';
import { allocationWorkbook, organisationsWorkbook } from './exports/tables';
import { listParams, localeQuery, wantsXlsx } from './exports/workbook';
import { z } from 'zod';
import type { Db } from '../stores/db';
import { childUnits, organisationIdOf } from '../stores/organisation/queries';
import { listPlans, planWithContents } from '../stores/plan/queries';
import { checkOrganisationCsv, importOrganisationCsv } from '../stores/organisation/store';
import { HttpError } from './errors';
import { parseBody } from './validate';

const listQuery = z
  .object({
    under: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
const importBody = z
  .object({
    csv: z
      .string()
      .min(1)
      .max(8 * 1024 * 1024)
      .optional(),
    /** An .xlsx workbook, base64: its first sheet with a header row is read as the CSV would be. */
    xlsx: z.base64({ message: 'expected the workbook in base64' }).max(1_400_000).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict()
  .refine((b) => (b.csv === undefined) !== (b.xlsx === undefined), {
    message: 'send either csv or xlsx, one of them',
    path: ['csv'],
  });

const allocationQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export function organisationsRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/api/organisations', async (req, res) => {
    // The whole tree, with contacts and committee members, as a workbook.
    if (wantsXlsx(req)) return organisationsWorkbook(res, db, localeQuery(req));
    const q = parseBody(listQuery, req.query);
    const parent = q.under ? await organisationIdOf(db, q.under) : null;
    if (q.under && !parent) throw new HttpError(404, 'not_found', `No unit with code "${q.under}".`);
    const { total, units } = await childUnits(db, parent?.id ?? null, { take: q.limit, skip: q.offset });
    res.json({ total, limit: q.limit, offset: q.offset, units });
  });

  /** The file of an import body as CSV: the CSV itself, or the workbook's sheet with a header row. */
  async function importedCsv(body: { csv?: string; xlsx?: string }, isHeader: (cells: string[]) => boolean) {
    if (body.xlsx === undefined) return body.csv ?? '';
    const sheet = await workbookAsCsv(Buffer.from(body.xlsx, 'base64'), isHeader);
    if ('problem' in sheet)
      throw new HttpError(
        422,
        'invalid_workbook',
        sheet.problem === 'notSpreadsheet'
          ? 'The file is not an Excel workbook (.xlsx); nothing was written.'
          : 'No header row naming the columns in the first 20 rows of any sheet; nothing was written.',
      );
    return sheet.csv;
  }

  router.post('/api/organisations/import', async (req, res) => {
    const body = parseBody(importBody, req.body);
    const csv = await importedCsv(body, isImportHeader);
    const result = body.dryRun
      ? await checkOrganisationCsv(db, csv)
      : await importOrganisationCsv(db, csv, req.admin!.email);
    if (result.issues.length > 0)
      throw new HttpError(
        422,
        'invalid_csv',
        `The CSV has ${result.issues.length} problems; nothing was written.`,
        result.issues,
      );
    res.status(body.dryRun ? 200 : 201).json({ units: result.units.length, imported: !body.dryRun });
  });

  // Target allocations from a CSV or a workbook: every row checked (sums against each parent's target), all or none.
  router.post('/api/plans/:code/allocations/import', async (req, res) => {
    const body = parseBody(importBody, req.body);
    const csv = await importedCsv(body, isAllocationHeader);
    let result;
    try {
      result = body.dryRun
        ? await checkAllocationFile(db, req.params.code, csv)
        : await importAllocationFile(db, req.params.code, csv, req.admin!.email);
    } catch (err) {
      if (err instanceof UnknownPlanError) throw new HttpError(404, 'not_found', err.message);
      throw err;
    }
    if (result.issues.length > 0)
      throw new HttpError(
        422,
        'invalid_file',
        `The file has ${result.issues.length} problems; nothing was written.`,
        result.issues.map((i) => ({
          path: `line ${i.line}${i.column ? `, ${i.column}` : ''}`,
          message: i.problem,
          ...i,
        })),
      );
    res.status(body.dryRun ? 200 : 201).json({ rows: result.rows.length, imported: !body.dryRun });
  });

  router.get('/api/plans', async (_req, res) => {
    const plans = (await listPlans(db)).map(({ _count, ...p }) => p);
    res.json({ plans });
  });

  // A plan's target allocations, every unit and year (or one year): JSON pages, or the whole as a workbook.
  router.get('/api/plans/:code/allocations', async (req, res) => {
    const q = parseBody(allocationQuery, listParams(req));
    if (!(await planWithContents(db, req.params.code)))
      throw new HttpError(404, 'not_found', `No plan with code "${req.params.code}".`);
    if (wantsXlsx(req)) return allocationWorkbook(res, db, req.params.code, q.year, localeQuery(req));
    const rows = await allocationRows(db, req.params.code, q.year, { skip: q.offset }, q.limit);
    res.json({
      limit: q.limit,
      offset: q.offset,
      allocations: rows.map((a) => ({
        year: a.year,
        indicator: a.indicator.code,
        unit: a.organisation.code,
        parent: a.organisation.parent?.code ?? null,
        value: a.notApplicable ? null : a.value.toNumber(),
        notApplicable: a.notApplicable,
      })),
    });
  });

  router.get('/api/plans/:code', async (req, res) => {
    const plan = await planWithContents(db, req.params.code);
    if (!plan) throw new HttpError(404, 'not_found', `No plan with code "${req.params.code}".`);
    res.json({ plan });
  });

  return router;
}
