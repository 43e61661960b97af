/**
 * `npm run bench -- export --rows N`: the outbox of N emails exported as a workbook (the console's export, ExcelJS's
 * streaming writer, a page of rows at a time) against writing the same rows as CSV from the same pages in the same
 * process, on an embedded PostgreSQL. Peak RSS is sampled through both: a streamed export stays bounded however
 * many rows there are. Last line: `export rows=N xlsx_ms=T csv_ms=C ratio=R peak_rss_mb=M`.
 */
import { Writable } from 'node:stream';
import type { Response } from 'express';
import { outboxWorkbook } from '../api/exports/tables';
import { paged } from '../api/exports/workbook';
import { createDb, type Db } from '../stores/db';
import { outboxRows } from '../stores/exports';
import { migrateAndSeed } from '../stack/migrate';
import { quietLog, startEmbeddedPostgres } from '../test/support/servers';
import { formatLocal } from '../domain/time-zone';

/** A sink that only counts what it is given; it answers as an Express response for the export's headers. */
function countingSink() {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const res = Object.assign(sink, { setHeader: () => res }) as unknown as Response;
  const finished = new Promise<void>((resolve) => sink.on('finish', () => resolve()));
  return { res, sink, finished, bytes: () => bytes };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function writeCsv(db: Db, sink: Writable) {
  const write = (line: string) =>
    new Promise<void>((resolve) => (sink.write(line) ? resolve() : sink.once('drain', () => resolve())));
  await write('生成时间,邮件类型,电子邮箱,主题,状态,尝试次数,发送时间,最近错误\n');
  for await (const m of paged((after: { id: string } | undefined, take: number) =>
    outboxRows(db, undefined, after, take),
  ))
    await write(
      `${[
        formatLocal(m.createdAt),
        m.kind,
        m.toEmail,
        m.subject,
        m.status,
        m.attempts,
        m.sentAt ? formatLocal(m.sentAt) : '',
        m.lastError ?? '',
      ]
        .map(csvCell)
        .join(',')}\n`,
    );
  sink.end();
}

async function seedOutbox(db: Db, rows: number) {
  await db.$executeRawUnsafe(`
    INSERT INTO "OutboxMessage" ("id", "idempotencyKey", "kind", "toEmail", "subject", "html", "text", "data",
      "status", "attempts", "lastError", "sentAt", "createdAt")
    SELECT gen_random_uuid(), 'bench:' || i, 'REMINDER', 'unit' || (i % 5000) || '@bench.example',
      '【劳动竞赛】提醒：单位' || (i % 5000) || '的执行情况检查（第' || (1 + i % 4) || '季度）将于 2026-10-10 18:00 截止',
      '<p>…</p>', '…', '{}'::jsonb,
      (CASE WHEN i % 10 = 0 THEN 'FAILED' WHEN i % 3 = 0 THEN 'PENDING' ELSE 'SENT' END)::"OutboxStatus",
      i % 4, CASE WHEN i % 10 = 0 THEN '550 mailbox unavailable' END,
      CASE WHEN i % 10 <> 0 AND i % 3 <> 0 THEN now() END, now() - (i || ' seconds')::interval
    FROM generate_series(1, ${rows}) AS i`);
}

export async function runExportBench(args: Map<string, string>): Promise<void> {
  const rows = Number(args.get('rows') ?? 100_000);
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a whole number of rows');
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  const database = await startEmbeddedPostgres();
  try {
    await migrateAndSeed(database.url, false, quietLog);
    const db = createDb(database.url, 4);
    await seedOutbox(db, rows);
    log(`${rows} emails in the outbox`);
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    log(`RSS before: ${mb(peak)} MB`);
    try {
      const timed = async (what: string, run: (sink: ReturnType<typeof countingSink>) => Promise<void>) => {
        const sink = countingSink();
        const t0 = performance.now();
        await run(sink);
        await sink.finished;
        const ms = performance.now() - t0;
        log(
          `${what}: ${Math.round(ms)} ms, ${(sink.bytes() / 1024 / 1024).toFixed(1)} MB, peak RSS so far ${mb(peak)} MB`,
        );
        return ms;
      };
      // CSV first, then the workbook: the workbook's peak is not inflated by what CSV left behind, nor the reverse.
      const csvMs = await timed('CSV', (s) => writeCsv(db, s.sink));
      const xlsxMs = await timed('xlsx', (s) => outboxWorkbook(s.res, db, undefined, 'zh-CN'));
      const peakMb = mb(Math.max(peak, process.memoryUsage().rss));
      process.stdout.write(
        `export rows=${rows} xlsx_ms=${Math.round(xlsxMs)} csv_ms=${Math.round(csvMs)} ratio=${(xlsxMs / csvMs).toFixed(2)} peak_rss_mb=${peakMb}\n`,
      );
    } finally {
      clearInterval(sampler);
      await db.$disconnect();
    }
  } finally {
    await database.stop();
  }
}
