/**
 * Importing target allocations in the console (`/admin/plans/:code/allocation/import`): the same checks as the
 * allocation page, targets adding up to the parent's, on every row of an uploaded workbook or CSV.
 */
import { allocationColumnIndex, ALLOCATION_COLUMNS } from '../domain/allocation-import';
import type { Db } from '../stores/db';
import { checkAllocationFile, importAllocationFile } from '../stores/plan/allocation-import';
import { planFileConsoleRouter } from './imports/plan-file-console';
import { isAllocationHeader } from './imports/workbook-csv';

export const adminAllocationImportRouter = ({ db, secret }: { db: Db; secret: string }) =>
  planFileConsoleRouter(secret, {
    path: 'allocation/import',
    prefix: 'admin.allocImport',
    columns: ALLOCATION_COLUMNS,
    valueColumn: 'target',
    columnIndex: allocationColumnIndex,
    isHeader: isAllocationHeader,
    check: (code, csv) => checkAllocationFile(db, code, csv),
    write: (code, csv, actor) => importAllocationFile(db, code, csv, actor),
  });
