/** What a backup reads from the catalogue: jingsai's tables in an order that loads, and their columns. */
import { escapeIdentifier, type ClientBase } from 'pg';
import { BackupError } from './format';

const MIGRATIONS_TABLE = '_prisma_migrations';

/** Tables of the public schema, the migrations' own bookkeeping aside. */
export async function tableNames(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  return rows.map((r) => r.name).filter((n) => n !== MIGRATIONS_TABLE);
}

export async function columnsOf(client: ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = ('public.' || quote_ident($1))::regclass AND attnum > 0 AND NOT attisdropped
        AND attgenerated = '' ORDER BY attnum`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** Every table after the tables its foreign keys point to (a table pointing at itself loads in one COPY). */
export async function loadOrder(client: ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace AND k.conrelid <> k.confrelid`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of rows) parents.get(r.child)?.add(r.parent);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (ready.length === 0)
      throw new BackupError(
        `foreign keys form a cycle among ${tables.filter((t) => !placed.has(t)).join(', ')}`,
      );
    for (const t of ready) {
      placed.add(t);
      order.push(t);
    }
  }
  return order;
}

/** After rows are loaded with their own ids, each id sequence continues after the largest one. */
export async function advanceSequences(client: ClientBase, tables: string[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await client.query<{ column: string; seq: string }>(
      `SELECT a.attname AS column, pg_get_serial_sequence(quote_ident($1), a.attname) AS seq
         FROM pg_attribute a WHERE a.attrelid = ('public.' || quote_ident($1))::regclass AND a.attnum > 0
          AND NOT a.attisdropped AND pg_get_serial_sequence(quote_ident($1), a.attname) IS NOT NULL`,
      [table],
    );
    for (const r of rows)
      await client.query(
        `SELECT setval($1, COALESCE((SELECT max(${escapeIdentifier(r.column)}) FROM ${escapeIdentifier(table)}), 0) + 1, false)`,
        [r.seq],
      );
  }
}
