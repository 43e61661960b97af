/** Admin API for the organisation tree and plans, for scripts: a branch's units, a CSV import (dry run first), plans. */
import { Router } from 'express';
import { importBody, importedCsv, planFileImportRoute } from './imports/imported-csv';
import { isAllocationHeader, isImportHeader } from './imports/workbook-csv';
import { checkAllocationFile, importAllocationFile } from '../stores/plan/allocation-import';
import { allocationRows } from '../stores/exports';
import { allocationWorkbook, organisationsWorkbook } from './exports/tables';
import { listParams, localeQuery, wantsXlsx } from './exports/workbook';
import { z } from 'zod';
import type { Db } from '../stores/db';
import { childUnits, organisationIdOf } from '../stores/organisation/queries';
import { listPlans, planWithContents } from '../stores/plan/queries';
import { copyPlan, PlanAdminError } from '../stores/plan/admin';
import { PlanConflictError } from '../stores/plan/store';
import { PlanValidationError } from '../domain/plan';
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
const copyBody = z
  .object({
    code: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-", e.g. pds-2016-2020'),
    nameZh: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200).optional(),
    periodStart: z.number().int().min(2000).max(2100),
    periodEnd: z.number().int().min(2000).max(2100),
    baselines: z.boolean().default(false),
  })
  .strict();
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
  planFileImportRoute(router, '/api/plans/:code/allocations/import', {
    isHeader: isAllocationHeader,
    check: (code, csv) => checkAllocationFile(db, code, csv),
    write: (code, csv, actor) => importAllocationFile(db, code, csv, actor),
  });

  // A plan copied to another period, optionally with the old period's last figures as its baselines.
  router.post('/api/plans/:code/copy', async (req, res) => {
    const body = parseBody(copyBody, req.body);
    try {
      const plan = await copyPlan(
        db,
        req.params.code,
        { ...body, nameEn: body.nameEn ?? null },
        req.admin!.email,
      );
      res.status(201).json({ code: plan.code, baselines: body.baselines });
    } catch (err) {
      if (err instanceof PlanAdminError && err.problem === 'unknownPlan')
        throw new HttpError(404, 'not_found', `No plan "${req.params.code}".`);
      if (err instanceof PlanAdminError)
        throw new HttpError(
          422,
          'no_baseline_year',
          `The plan's ${err.params.year} cycle is not finalised: copy without baselines, or once it is.`,
        );
      if (err instanceof PlanConflictError) throw new HttpError(409, 'conflict', err.message);
      if (err instanceof PlanValidationError) throw new HttpError(422, 'invalid_input', err.message);
      throw err;
    }
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
