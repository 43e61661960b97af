-- The document archive issues any kind of document once per (kind, key), numbered per series and year, and
-- marks when a document was finished (PDF, audit, mail), so an interrupted issue is completed on retry. The old
-- unique (cycleId, kind, periodKey) did not hold for documents without a cycle: PostgreSQL treats NULLs as distinct.
ALTER TABLE "Document" ADD COLUMN "series" TEXT;
ALTER TABLE "Document" ADD COLUMN "year" INTEGER;
ALTER TABLE "Document" ADD COLUMN "key" TEXT;
ALTER TABLE "Document" ADD COLUMN "finishedAt" TIMESTAMPTZ(3);
UPDATE "Document" d SET
  "series" = lower(d.kind::text),
  "year" = COALESCE((SELECT c.year FROM "Cycle" c WHERE c.id = d."cycleId"), EXTRACT(YEAR FROM d."issuedAt")::int),
  "key" = COALESCE(d."cycleId"::text, '') || ':' || d."periodKey",
  "finishedAt" = d."issuedAt";
ALTER TABLE "Document" ALTER COLUMN "series" SET NOT NULL;
ALTER TABLE "Document" ALTER COLUMN "year" SET NOT NULL;
ALTER TABLE "Document" ALTER COLUMN "key" SET NOT NULL;
DROP INDEX "Document_cycleId_kind_periodKey_key";
CREATE INDEX "Document_cycleId_kind_periodKey_idx" ON "Document"("cycleId", "kind", "periodKey");
CREATE UNIQUE INDEX "Document_kind_key_key" ON "Document"("kind", "key");
CREATE UNIQUE INDEX "Document_series_year_number_key" ON "Document"("series", "year", "number");
