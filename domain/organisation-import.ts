/**
 * Checking a CSV of units (and their contacts) before anything is written: every problem is reported against its
 * line and column, and the units come back parents-first so they can be inserted in one pass.
 */
import { textProblem } from './input-rules';
import type { CsvRow } from './csv';

export const ORGANISATION_KINDS = [
  'FEDERATION',
  'COUNTY_DISTRICT',
  'INDUSTRY_UNION',
  'GRASSROOTS_UNION',
  'ENTERPRISE',
  'WORK_TEAM',
] as const;
export type OrganisationKindName = (typeof ORGANISATION_KINDS)[number];

/** Kinds as people write them in a spreadsheet, besides the enum names. */
const KIND_ALIASES: Record<string, OrganisationKindName> = {
  市总工会: 'FEDERATION',
  县区: 'COUNTY_DISTRICT',
  县区总工会: 'COUNTY_DISTRICT',
  产业工会: 'INDUSTRY_UNION',
  基层工会: 'GRASSROOTS_UNION',
  企业: 'ENTERPRISE',
  班组: 'WORK_TEAM',
};

export const IMPORT_COLUMNS = {
  code: ['code', '编码', '单位编码'],
  name: ['name', '名称', '单位名称'],
  kind: ['kind', '类型', '单位类型'],
  parent: ['parent', 'parent_code', '上级编码'],
  nameEn: ['name_en', '英文名称'],
  contactName: ['contact_name', '联系人'],
  contactEmail: ['contact_email', '联系人邮箱', '邮箱'],
  contactPhone: ['contact_phone', '联系电话'],
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;
const REQUIRED: ImportColumn[] = ['code', 'name', 'kind', 'parent'];

export type ImportProblem =
  | 'missingColumn'
  | 'missing'
  | 'tooLong'
  | 'unreadable'
  | 'badCode'
  | 'badKind'
  | 'badEmail'
  | 'duplicateCode'
  | 'codeExists'
  | 'unknownParent'
  | 'retiredParent'
  | 'parentLoop'
  | 'parentRejected'
  | 'contactNameMissing'
  | 'tooManyRows'
  | 'badCsv'
  | 'empty';

export interface ImportIssue {
  /** The CSV line, or 0 for the file as a whole. */
  line: number;
  column?: ImportColumn;
  problem: ImportProblem;
  value?: string;
}

export interface ImportUnit {
  line: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: OrganisationKindName;
  parentCode: string;
  contact: { name: string; email: string; phone: string | null } | null;
}

export interface ExistingOrganisations {
  /** Codes already in the database, with whether each is retired. */
  status(code: string): 'active' | 'retired' | undefined;
}

/** A province of 100,000 units and more imports in one file (the API takes a body of up to 64 MB). */
export const MAX_IMPORT_ROWS = 200_000;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// Deliberately plain: one @, no spaces, a dot in the domain. Mail servers are the real judge.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function columnIndex(header: string[]): Partial<Record<ImportColumn, number>> {
  const normalised = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<ImportColumn, number>> = {};
  for (const [column, names] of Object.entries(IMPORT_COLUMNS) as Array<[ImportColumn, readonly string[]]>) {
    const at = normalised.findIndex((h) => names.includes(h));
    if (at >= 0) index[column] = at;
  }
  return index;
}

export function kindOf(text: string): OrganisationKindName | null {
  const t = text.trim();
  if ((ORGANISATION_KINDS as readonly string[]).includes(t.toUpperCase()))
    return t.toUpperCase() as OrganisationKindName;
  return KIND_ALIASES[t] ?? null;
}

export function checkImport(
  rows: CsvRow[],
  existing: ExistingOrganisations,
): { units: ImportUnit[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  if (rows.length === 0) return { units: [], issues: [{ line: 0, problem: 'empty' }] };
  const [header, ...body] = rows;
  const index = columnIndex(header!.cells);
  const missingColumns = REQUIRED.filter((c) => index[c] === undefined);
  if (missingColumns.length > 0)
    return {
      units: [],
      issues: missingColumns.map((column) => ({ line: header!.line, column, problem: 'missingColumn' })),
    };
  if (body.length === 0) return { units: [], issues: [{ line: 0, problem: 'empty' }] };
  if (body.length > MAX_IMPORT_ROWS)
    return { units: [], issues: [{ line: 0, problem: 'tooManyRows', value: String(MAX_IMPORT_ROWS) }] };

  const cell = (row: CsvRow, column: ImportColumn) => {
    const at = index[column];
    return at === undefined ? '' : (row.cells[at] ?? '').trim();
  };
  const candidates: ImportUnit[] = [];
  /** Rows refused for other reasons whose parent must still be checked, so one pass reports every problem. */
  const refusedParents: Array<{ line: number; parentCode: string }> = [];
  const firstLineOf = new Map<string, number>();
  for (const row of body) {
    const before = issues.length;
    const problem = (column: ImportColumn, p: ImportProblem, value?: string) =>
      issues.push({ line: row.line, column, problem: p, ...(value !== undefined ? { value } : {}) });
    for (const column of REQUIRED) if (cell(row, column) === '') problem(column, 'missing');
    for (const column of Object.keys(IMPORT_COLUMNS) as ImportColumn[])
      if (textProblem(cell(row, column), Number.MAX_SAFE_INTEGER)) problem(column, 'unreadable');
    const code = cell(row, 'code');
    const name = cell(row, 'name');
    const nameEn = cell(row, 'nameEn');
    if (code && !CODE.test(code)) problem('code', 'badCode', code);
    if (name.length > 200) problem('name', 'tooLong');
    if (nameEn.length > 200) problem('nameEn', 'tooLong');
    const kindText = cell(row, 'kind');
    const kind = kindText ? kindOf(kindText) : null;
    if (kindText && !kind) problem('kind', 'badKind', kindText);
    if (code && CODE.test(code)) {
      const first = firstLineOf.get(code);
      if (first !== undefined) problem('code', 'duplicateCode', String(first));
      else {
        firstLineOf.set(code, row.line);
        if (existing.status(code)) problem('code', 'codeExists', code);
      }
    }
    const email = cell(row, 'contactEmail').toLowerCase();
    const contactName = cell(row, 'contactName');
    if (email && !EMAIL.test(email)) problem('contactEmail', 'badEmail', email);
    if (email && !contactName) problem('contactName', 'contactNameMissing');
    if (issues.length > before) {
      if (cell(row, 'parent')) refusedParents.push({ line: row.line, parentCode: cell(row, 'parent') });
      continue;
    }
    candidates.push({
      line: row.line,
      code,
      name,
      nameEn: nameEn || null,
      kind: kind!,
      parentCode: cell(row, 'parent'),
      contact: email ? { name: contactName, email, phone: cell(row, 'contactPhone') || null } : null,
    });
  }

  for (const { line, parentCode } of refusedParents)
    if (!existing.status(parentCode) && !firstLineOf.has(parentCode))
      issues.push({ line, column: 'parent', problem: 'unknownParent', value: parentCode });

  // Parents may be existing units or units earlier or later in the file; order parents first, refuse loops.
  const inFile = new Map(candidates.map((u) => [u.code, u]));
  const ordered: ImportUnit[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'bad'>();
  const visit = (unit: ImportUnit): boolean => {
    const s = state.get(unit.code);
    if (s === 'done') return true;
    if (s === 'bad') return false;
    if (s === 'visiting') return false;
    state.set(unit.code, 'visiting');
    let ok = true;
    const parentStatus = existing.status(unit.parentCode);
    const parentRow = inFile.get(unit.parentCode);
    if (parentStatus === 'retired') {
      issues.push({ line: unit.line, column: 'parent', problem: 'retiredParent', value: unit.parentCode });
      ok = false;
    } else if (!parentStatus) {
      if (!parentRow) {
        // A parent on a line with errors of its own is not unknown: this row waits on that line being fixed.
        issues.push({
          line: unit.line,
          column: 'parent',
          problem: firstLineOf.has(unit.parentCode) ? 'parentRejected' : 'unknownParent',
          value: unit.parentCode,
        });
        ok = false;
      } else if (state.get(parentRow.code) === 'visiting') {
        issues.push({ line: unit.line, column: 'parent', problem: 'parentLoop', value: unit.parentCode });
        ok = false;
      } else if (!visit(parentRow)) {
        issues.push({ line: unit.line, column: 'parent', problem: 'parentRejected', value: unit.parentCode });
        ok = false;
      }
    }
    state.set(unit.code, ok ? 'done' : 'bad');
    if (ok) ordered.push(unit);
    return ok;
  };
  candidates.forEach(visit);
  issues.sort((a, b) => a.line - b.line);
  return { units: issues.length === 0 ? ordered : [], issues };
}
