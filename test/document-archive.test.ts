/**
 * The document archive on a real PostgreSQL: numbers run per series and year under a lock (never reused, none
 * skipped under concurrency), a key is issued once whether or not the document belongs to a cycle, and a document
 * whose row was committed before its audit entry and mail (a crash) is finished by the next attempt, once.
 */
import { createDb, type Db } from '../stores/db';
import { archivedPdf, issueDocument, type IssueDocumentRequest } from '../activities/documents/archive';
import { migrateAndSeed } from '../stack/migrate';
import { quietLog, startEmbeddedPostgres, type TestDatabase } from './support/servers';

let database: TestDatabase;
let db: Db;
let personId: string;

beforeAll(async () => {
  database = await startEmbeddedPostgres();
  await migrateAndSeed(database.url, false, quietLog);
  db = createDb(database.url, 8);
  personId = (await db.person.create({ data: { name: '办公室', email: 'office@test.example' } })).id;
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.stop();
});

// These tests are about numbers and finishing, not printing: no PDFs (one case below prints one later).
const noPdfs = () => ({ db, chromiumPath: null });

const notice = (key: string, year = 2026, series = '平工文'): IssueDocumentRequest => ({
  kind: 'NOTICE',
  series,
  year,
  key,
  issuedBy: 'test',
  build: (number) => ({ title: `${series}〔${year}〕${number}号`, html: `<p>${key}</p>`, data: { key } }),
  announce: async (doc) => ({ kind: 'BULLETIN', recipients: [personId], data: { documentId: doc.id } }),
});

it('numbers per series and year, and issues a key once, with or without a cycle', async () => {
  const first = await issueDocument(noPdfs(), notice('a'));
  const second = await issueDocument(noPdfs(), notice('b'));
  const again = await issueDocument(noPdfs(), notice('a'));
  const nextYear = await issueDocument(noPdfs(), notice('c', 2027));
  const otherSeries = await issueDocument(noPdfs(), notice('d', 2026, '平工总字'));
  expect([first.number, second.number, nextYear.number, otherSeries.number]).toEqual([1, 2, 1, 1]);
  expect(again).toEqual({ ...first, created: false });
  expect(first.title).toBe('平工文〔2026〕1号');
  expect(await db.document.count({ where: { kind: 'NOTICE', key: 'a' } })).toBe(1);
});

it('gives 20 documents issued at once from two workers consecutive numbers, none twice', async () => {
  // Two connection pools, as two worker processes have, each issuing ten at the same moment.
  const other = createDb(database.url, 8);
  try {
    const docs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        issueDocument({ db: i % 2 ? other : db, chromiumPath: null }, notice(`p${i}`, 2030)),
      ),
    );
    expect(docs.map((d) => d.number).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await db.document.count({ where: { series: '平工文', year: 2030 } })).toBe(20);
  } finally {
    await other.$disconnect();
  }
});

it('finishes a document whose row exists but whose audit and mail were never written, once', async () => {
  const row = await db.document.create({
    data: {
      kind: 'NOTICE',
      series: '平工文',
      year: 2031,
      key: 'crashed',
      periodKey: 'crashed',
      number: 1,
      title: '平工文〔2031〕1号',
      html: '<p>crashed</p>',
      data: {},
    },
  });
  const retried = await issueDocument(noPdfs(), notice('crashed', 2031));
  expect(retried).toMatchObject({ id: row.id, number: 1, created: false });
  await issueDocument(noPdfs(), notice('crashed', 2031));
  expect(await db.auditLog.count({ where: { action: 'document.issued', subjectId: row.id } })).toBe(1);
  expect(
    await db.outboxMessage.count({ where: { idempotencyKey: { startsWith: `document:${row.id}` } } }),
  ).toBe(1);
  expect((await db.document.findUniqueOrThrow({ where: { id: row.id } })).finishedAt).not.toBeNull();
});

it('prints the PDF of a document issued without Chromium when it is first asked for', async () => {
  const doc = await issueDocument(noPdfs(), notice('later', 2032));
  const row = await db.document.findUniqueOrThrow({ where: { id: doc.id } });
  expect(row.pdf).toBeNull();
  // Chromium is there now (Debian's): the PDF is printed from the issued HTML and kept.
  const pdf = await archivedPdf({ db }, row);
  expect(Buffer.from(pdf!).subarray(0, 5).toString()).toBe('%PDF-');
  expect((await db.document.findUniqueOrThrow({ where: { id: doc.id } })).pdf).not.toBeNull();
  expect(await archivedPdf({ db, chromiumPath: null }, { ...row, pdf: null })).toBeNull();
}, 60_000);
