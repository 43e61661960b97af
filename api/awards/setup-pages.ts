/**
 * Setting up an award programme in the console: a new programme, a draft edited in place until its nominations
 * open, and opening them. The quota grid lists the federation's nominating units (its counties and industry
 * unions) against the categories given places; "update the grid" redraws it for the categories chosen without
 * saving anything.
 */
import { Router, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import {
  CATEGORY_CODES,
  COLLECTIVE_FIELDS,
  HONOUR_LEVELS,
  PERSON_FIELDS,
} from '../../domain/awards/categories';
import { BALLOTS, TIE_BREAKS } from '../../domain/awards/selection';
import { GRADES } from '../../domain/plan';
import { wallClockAt } from '../../domain/time-zone';
import {
  createProgramme,
  ProgrammeInputError,
  ProgrammeNotDraftError,
  programmeDefinition,
  updateProgramme,
} from '../../stores/awards/programmes';
import { programmeById, setupChoices } from '../../stores/awards/queries';
import type { Db } from '../../stores/db';
import { translate, type Locale } from '../../templates/render';
import { consoleContext, consoleMessage, consolePage } from '../admin-console';
import { isUuid } from '../validate';
import { openProgramme } from './open-programme';
import {
  formFromProgramme,
  offeredCategories,
  programmeFromForm,
  quotaField,
  RULE_FIELD_VALUES,
  RULE_ROWS,
  type FieldErrors,
  type FormValues,
} from './programme-form';

/** The units a posted quota grid names (a unit moved away since keeps its row while the form is open). */
const quotaUnitsOf = (v: FormValues) =>
  Object.keys(v)
    .filter((k) => k.startsWith('quota|'))
    .map((k) => k.split('|')[1]!);

function defaults(root: string, committee: string): FormValues {
  const { year, month, day } = wallClockAt(new Date());
  const at = (days: number) => {
    const d = new Date(Date.UTC(year, month - 1, day + days));
    return `${d.toISOString().slice(0, 10)}T18:00`;
  };
  return {
    year: String(year),
    level: 'CITY',
    federation: root,
    committee,
    reviewMode: 'EQUAL',
    tieBreak: 'UNIT_SCORE',
    ballot: 'VOTE',
    passMark: '60',
    nominationDue: at(30),
    vettingDue: at(45),
    reviewDue: at(60),
    decisionDate: at(80),
    confirmWithin: '3d',
    publicityDays: '5',
    reminders: '3d, 1d',
    escalateAfter: '1d',
    escalateEvery: '3d',
    elig_grade_on: 'on',
    elig_grade: 'GOOD',
    elig_accident_on: 'on',
    elig_accident_years: '3',
  };
}

const selected = (v: FormValues, name: string, value: string) => [v[name]].flat().includes(value);

function formView(locale: Locale, v: FormValues, choices: Awaited<ReturnType<typeof setupChoices>>) {
  const t = (key: string) => translate(locale, key);
  const offered = offeredCategories(v);
  const option = (name: string, value: string, label: string) => ({
    value,
    label,
    selected: selected(v, name, value),
  });
  const matchOptions = Object.entries(RULE_FIELD_VALUES).flatMap(([field, values]) =>
    values.map((value) => ({
      value: `${field}=${value}`,
      label: `${t(`awards.field.${field}`)}：${field === 'isTeam' ? t('admin.awardSetup.isTeam') : t(`awards.${field}.${value}`)}`,
    })),
  );
  return {
    values: v,
    levels: HONOUR_LEVELS.map((l) => option('level', l, t(`awards.level.${l}`))),
    modes: (['EQUAL', 'COMPETITIVE'] as const).map((m) => option('reviewMode', m, t(`awards.mode.${m}`))),
    tieBreaks: TIE_BREAKS.map((b) => option('tieBreak', b, t(`admin.awardSetup.tieBreak.${b}`))),
    ballots: BALLOTS.map((b) => option('ballot', b, t(`admin.awardSetup.ballot.${b}`))),
    committees: choices.committees.map((c) => option('committee', c.id, c.nameZh)),
    grades: GRADES.filter((g) => g !== 'FAIL').map((g) => option('elig_grade', g, t(`grade.${g}`))),
    categories: CATEGORY_CODES.map((c) => ({
      code: c,
      label: t(`awards.category.${c}`),
      places: v[`places_${c}`] ?? '',
    })),
    grid: offered.length
      ? {
          columns: offered.map((c) => ({
            code: c,
            label: t(`awards.category.${c}`),
            places: v[`places_${c}`],
          })),
          rows: choices.units.map((u) => ({
            code: u.code,
            name: u.nameZh,
            cells: offered.map((c) => ({
              name: quotaField(u.code, c),
              value: v[quotaField(u.code, c)] ?? '',
              label: `${u.nameZh}：${t(`awards.category.${c}`)}`,
            })),
          })),
        }
      : null,
    rules: Array.from({ length: RULE_ROWS }, (_, i) => ({
      i,
      label: v[`rule${i}_label`] ?? '',
      categories: CATEGORY_CODES.map((c) => option(`rule${i}_categories`, c, t(`awards.category.${c}`))),
      matches: matchOptions.map((m) => ({ ...m, selected: selected(v, `rule${i}_match`, m.value) })),
      comparisons: (['AT_LEAST', 'AT_MOST'] as const).map((c) =>
        option(`rule${i}_comparison`, c, t(`admin.awardSetup.comparison.${c}`)),
      ),
      percent: v[`rule${i}_percent`] ?? '',
      soft: selected(v, `rule${i}_hard`, 'soft'),
    })),
    fieldsNote: translate(locale, 'admin.awardSetup.fieldsNote', {
      person: PERSON_FIELDS.length,
      collective: COLLECTIVE_FIELDS.length,
    }),
  };
}

export function awardSetupRouter({
  db,
  client,
  taskQueue,
}: {
  db: Db;
  client: Client;
  taskQueue: string;
}): Router {
  const router = Router();

  async function formPage(
    req: Request,
    res: Response,
    status: number,
    v: FormValues | null,
    extra: { errors?: FieldErrors; problem?: string; id?: string } = {},
  ) {
    const { locale } = consoleContext(res);
    const quotaUnits = v ? quotaUnitsOf(v) : [];
    const choices = await setupChoices(db, quotaUnits);
    const values = v ?? defaults(choices.root?.code ?? '', choices.committees[0]?.id ?? '');
    consolePage(req, res, status, 'admin-award-setup', {
      titleKey: extra.id ? 'admin.awardSetup.editTitle' : 'admin.awardSetup.newTitle',
      action: extra.id ? `/admin/awards/${extra.id}/edit` : '/admin/awards/new',
      ...formView(locale, values, choices),
      errors: extra.errors ?? {},
      problem: extra.problem,
    });
  }

  const notDraft = (req: Request, res: Response, id: string) =>
    consoleMessage(
      req,
      res,
      409,
      'problem',
      translate(consoleContext(res).locale, 'admin.awardSetup.notDraft'),
      `/admin/awards/${id}`,
    );

  async function draftOr404(req: Request, res: Response) {
    const { locale } = consoleContext(res);
    const id = String(req.params.id);
    const p = isUuid(id) ? await programmeById(db, id) : null;
    if (!p) {
      consoleMessage(req, res, 404, 'problem', translate(locale, 'awards.public.unknown'), '/admin/awards');
      return null;
    }
    if (p.status !== 'DRAFT') {
      notDraft(req, res, id);
      return null;
    }
    return p;
  }

  /** Redraws the form (refresh), or saves it: create when `id` is absent, else replace the draft. */
  async function submit(req: Request, res: Response, id?: string) {
    const { locale, admin } = consoleContext(res);
    const v = req.body as FormValues;
    if (v.action === 'refresh') return formPage(req, res, 200, v, { id });
    const units = (await setupChoices(db, [])).units.map((u) => u.code);
    const quotaUnits = quotaUnitsOf(v);
    const { programme, errors } = programmeFromForm(v, [...new Set([...units, ...quotaUnits])], locale);
    const problem = translate(locale, 'admin.awardSetup.fix');
    if (!programme) return formPage(req, res, 422, v, { id, errors, problem });
    try {
      if (id) await updateProgramme(db, id, programme, admin.email);
      const saved = id ?? (await createProgramme(db, programme, admin.email)).id;
      res.redirect(303, `/admin/awards/${saved}?saved=1`);
    } catch (err) {
      if (err instanceof ProgrammeNotDraftError) return notDraft(req, res, id!);
      if (!(err instanceof ProgrammeInputError)) throw err;
      // A quota's or a joint issuer's problem is shown at its field, whichever entry it is.
      const fieldOf = (path: string) =>
        path.startsWith('quotas') ? 'quotas' : path.startsWith('jointIssuers') ? 'jointIssuers' : path;
      const unknown = Object.fromEntries(
        err.issues.map((i) => [
          fieldOf(i.path),
          translate(
            locale,
            `admin.awardSetup.problem.${i.path.startsWith('quotas') ? 'unknownUnit' : fieldOf(i.path)}`,
          ),
        ]),
      );
      formPage(req, res, 422, v, { id, errors: unknown, problem });
    }
  }

  router.get('/admin/awards/new', (req, res) => formPage(req, res, 200, null));
  router.post('/admin/awards/new', (req, res) => submit(req, res));

  router.get('/admin/awards/:id/edit', async (req, res) => {
    const p = await draftOr404(req, res);
    if (!p) return;
    formPage(req, res, 200, formFromProgramme((await programmeDefinition(db, p.id))!), { id: p.id });
  });
  router.post('/admin/awards/:id/edit', async (req, res) => {
    const p = await draftOr404(req, res);
    if (p) await submit(req, res, p.id);
  });

  router.post('/admin/awards/:id/open', async (req, res) => {
    const p = await draftOr404(req, res);
    if (!p) return;
    await openProgramme(db, client, taskQueue, p.id, consoleContext(res).admin.email);
    res.redirect(303, `/admin/awards/${p.id}?opened=1`);
  });

  return router;
}
