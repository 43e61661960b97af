/**
 * The organisation tree in the console: browse a branch (paginated), add, move and retire units, contacts and
 * committee members, and import units with their contacts from a CSV file (preview with per-row problems first;
 * nothing is written unless every row is clean).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { ancestorsOf, unitList, unitWithPeople } from '../stores/organisation/queries';
import type { Db } from '../stores/db';
import {
  addContact,
  addOrganisation,
  checkOrganisationCsv,
  importOrganisationCsv,
  moveOrganisation,
  OrganisationChangeError,
  removeCommitteeMember,
  retireOrganisation,
  setCommitteeMember,
  type ImportCheck,
} from '../stores/organisation/store';
import { columnIndex, IMPORT_COLUMNS, ORGANISATION_KINDS } from '../domain/organisation-import';
import { translate, type Locale, inLocale } from '../templates/render';
import {
  consoleContext,
  consoleCsrfValid,
  consoleMessage,
  consolePage,
  fieldProblems,
  pager,
  PAGE_SIZE,
} from './admin-console';
import { FormTooLargeError, readMultipartForm } from './multipart-form';
import { columnLetter, headerOf, isImportHeader, uploadedWorkbook } from './imports/workbook-csv';

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64');
const reason = z.string().trim().min(1, 'a reason is required').max(2000);
const email = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/, 'not an email address');
const listQuery = z.object({
  under: code.optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
const addBody = z.object({
  _csrf: z.string(),
  parent: code,
  code,
  name: z.string().trim().min(1, 'a name is required').max(200),
  nameEn: z.string().trim().max(200).optional(),
  kind: z.enum(ORGANISATION_KINDS),
});
const moveBody = z.object({ _csrf: z.string(), code, to: code, reason });
const retireBody = z.object({ _csrf: z.string(), code, reason });
const contactBody = z.object({
  _csrf: z.string(),
  code,
  name: z.string().trim().min(1, 'a name is required').max(100),
  email,
  phone: z.string().trim().max(40).optional(),
});
const committeeBody = z.object({
  _csrf: z.string(),
  code,
  name: z.string().trim().min(1, 'a name is required').max(100),
  email,
  role: z.enum(['CHAIR', 'VICE_CHAIR', 'MEMBER']),
  memberOf: z.union([code, z.literal('')]).optional(),
});
const removeMemberBody = z.object({ _csrf: z.string(), code, committeeId: z.uuid(), personId: z.uuid() });

const kindLabel = (locale: Locale, kind: string) => translate(locale, `org.kind.${kind}`);

export function adminOrganisationsRouter({ db, secret }: { db: Db; secret: string }): Router {
  const router = Router();
  const branchHref = (c: string) => `/admin/organisations?under=${encodeURIComponent(c)}`;

  router.get('/admin/organisations', async (req, res) => {
    const { locale } = consoleContext(res);
    const q = listQuery.safeParse(req.query);
    if (!q.success)
      return consoleMessage(req, res, 422, 'problem', fieldProblems(q.error.issues), '/admin/organisations');
    const { under, page } = q.data;
    const search = q.data.q || undefined;
    const node = under ? await unitWithPeople(db, under) : null;
    if (under && !node)
      return consoleMessage(
        req,
        res,
        404,
        'problem',
        translate(locale, 'admin.org.problem.unknownUnit', { value: under }),
        '/admin/organisations',
      );
    const { total, units: children } = await unitList(db, {
      parentId: node?.id ?? null,
      search,
      take: PAGE_SIZE,
      skip: (page - 1) * PAGE_SIZE,
    });
    const ancestors = node
      ? (await ancestorsOf(db, node.id)).map((r) => ({
          code: r.code,
          name: r.nameZh,
          href: branchHref(r.code),
        }))
      : [];
    const done = ['added', 'moved', 'retired', 'contact', 'committee'].find((d) => d === req.query.done);
    consolePage(req, res, 200, 'admin-organisations', {
      titleKey: 'admin.org.title',
      done,
      exportHref: `/api/organisations?format=xlsx&lang=${locale}`,
      search,
      ancestors,
      node: node && {
        code: node.code,
        name: node.nameZh,
        nameEn: node.nameEn,
        kind: kindLabel(locale, node.kind),
        retired: Boolean(node.retiredAt),
        contacts: node.contacts.map((c) => c.person),
        committees: node.committees.map((c) => ({
          id: c.id,
          name: inLocale(locale, c.nameZh, c.nameEn),
          members: c.members.map((m) => ({
            ...m.person,
            // Members stand aside for their own unit (and, under the branch rule, their branch): shown to judge it.
            unit: m.person.organisation?.nameZh ?? '—',
            role: translate(locale, `admin.committee.role.${m.role}`),
          })),
        })),
      },
      children: children.map((c) => ({
        code: c.code,
        name: c.nameZh,
        kind: kindLabel(locale, c.kind),
        href: branchHref(c.code),
        children: c._count.children,
        retired: Boolean(c.retiredAt),
        contacts: c.contacts.map((x) => x.person.name).join('、'),
      })),
      kinds: ORGANISATION_KINDS.map((k) => ({ value: k, label: kindLabel(locale, k) })),
      pager: pager(req, total, page),
    });
  });

  /**
   * A small form that changes the tree: checked by `schema`, run as the admin, then back to the unit's branch; a
   * refusal is said on a page that links back.
   */
  function changeForm<S extends z.ZodType>(
    path: string,
    schema: S,
    done: string,
    branchOf: (body: z.output<S>) => string,
    run: (body: z.output<S>, actor: string) => Promise<unknown>,
  ) {
    router.post(path, async (req, res) => {
      const { locale, admin } = consoleContext(res);
      const body = schema.safeParse(req.body);
      if (!body.success)
        return consoleMessage(
          req,
          res,
          422,
          'problem',
          fieldProblems(body.error.issues),
          '/admin/organisations',
        );
      const back = branchHref(branchOf(body.data));
      try {
        await run(body.data, admin.email);
      } catch (err) {
        if (!(err instanceof OrganisationChangeError)) throw err;
        return consoleMessage(
          req,
          res,
          409,
          'problem',
          translate(locale, `admin.org.problem.${err.problem}`, { value: err.value }),
          back,
        );
      }
      res.redirect(303, `${back}&done=${done}`);
    });
  }

  changeForm(
    '/admin/organisations/add',
    addBody,
    'added',
    (b) => b.parent,
    (b, actor) =>
      addOrganisation(
        db,
        { code: b.code, name: b.name, nameEn: b.nameEn || null, kind: b.kind, parentCode: b.parent },
        actor,
      ),
  );
  changeForm(
    '/admin/organisations/move',
    moveBody,
    'moved',
    (b) => b.code,
    (b, actor) => moveOrganisation(db, b.code, b.to, b.reason, actor),
  );
  changeForm(
    '/admin/organisations/retire',
    retireBody,
    'retired',
    (b) => b.code,
    (b, actor) => retireOrganisation(db, b.code, b.reason, actor),
  );
  changeForm(
    '/admin/organisations/contacts',
    contactBody,
    'contact',
    (b) => b.code,
    (b, actor) => addContact(db, b.code, { name: b.name, email: b.email, phone: b.phone || null }, actor),
  );
  changeForm(
    '/admin/organisations/committee',
    committeeBody,
    'committee',
    (b) => b.code,
    (b, actor) =>
      setCommitteeMember(
        db,
        b.code,
        { name: b.name, email: b.email, role: b.role, organisationCode: b.memberOf || null },
        actor,
      ),
  );
  changeForm(
    '/admin/organisations/committee/remove',
    removeMemberBody,
    'committee',
    (b) => b.code,
    (b, actor) => removeCommitteeMember(db, b.committeeId, b.personId, actor),
  );

  const importPage = (req: Request, res: Response, status: number, view: Record<string, unknown>) =>
    consolePage(req, res, status, 'admin-import', {
      titleKey: 'admin.import.title',
      columns: Object.entries(IMPORT_COLUMNS).map(([key, names]) => ({ key, names: names.join(' / ') })),
      ...view,
    });

  router.get('/admin/organisations/import', (req, res) => importPage(req, res, 200, {}));

  router.post('/admin/organisations/import', async (req, res) => {
    const ctx = consoleContext(res);
    let form;
    try {
      form = await readMultipartForm(req);
    } catch (err) {
      if (err instanceof FormTooLargeError)
        return importPage(req, res, 413, {
          problem: translate(ctx.locale, 'admin.import.tooLarge', {
            mb: Math.round(err.limitBytes / 1024 / 1024),
          }),
        });
      return importPage(req, res, 400, { problem: translate(ctx.locale, 'admin.import.unreadable') });
    }
    if (!consoleCsrfValid(secret, ctx, form.fields._csrf))
      return consoleMessage(req, res, 403, 'problem', translate(ctx.locale, 'admin.error.csrf'));
    const sheet = await uploadedWorkbook(form.file, isImportHeader);
    if (sheet && 'problem' in sheet)
      return importPage(req, res, 422, { problem: translate(ctx.locale, `admin.import.${sheet.problem}`) });
    const csv = sheet?.csv ?? form.file?.text ?? form.fields.csv ?? '';
    // A workbook's problems name its sheet and each column's letter; its CSV goes back with the preview.
    const source = sheet ?? (form.fields.sheet ? { sheet: form.fields.sheet, header: headerOf(csv) } : null);
    if (csv.trim() === '')
      return importPage(req, res, 422, { problem: translate(ctx.locale, 'admin.import.nothing') });
    const commit = form.fields.action === 'import';
    const result: ImportCheck = commit
      ? await importOrganisationCsv(db, csv, ctx.admin.email)
      : await checkOrganisationCsv(db, csv);
    const letters = source ? columnIndex(source.header) : {};
    const issues = result.issues.map((i) => ({
      line: i.line || '—',
      column: i.column ?? '',
      letter: i.column && letters[i.column] !== undefined ? columnLetter(letters[i.column]!) : '',
      message: translate(ctx.locale, `admin.import.problem.${i.problem}`, { value: i.value ?? '' }),
    }));
    const sheetName = source?.sheet ?? '';
    if (issues.length > 0)
      return importPage(req, res, 422, { csv, sheet: sheetName, issues, issueCount: issues.length });
    if (commit)
      return consoleMessage(
        req,
        res,
        200,
        'ok',
        translate(ctx.locale, 'admin.import.done', { units: result.units.length }),
        branchHref(result.units[0]!.parentCode),
      );
    importPage(req, res, 200, {
      csv,
      sheet: sheetName,
      preview: result.units.slice(0, 500).map((u) => ({
        ...u,
        kind: kindLabel(ctx.locale, u.kind),
        contact: u.contact ? `${u.contact.name} <${u.contact.email}>` : '',
      })),
      previewCount: result.units.length,
      previewCut: result.units.length > 500,
    });
  });

  return router;
}
