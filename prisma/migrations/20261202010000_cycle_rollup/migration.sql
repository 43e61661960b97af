-- AlterTable
ALTER TABLE "Cycle" ADD COLUMN "rollupRefreshedAt" TIMESTAMPTZ(3),
ADD COLUMN "rollupTookMs" INTEGER;

-- CreateTable
CREATE TABLE "CycleRollup" (
    "cycleId" UUID NOT NULL,
    "branch" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CycleRollup_pkey" PRIMARY KEY ("cycleId","branch")
);

-- CreateTable
CREATE TABLE "CycleRollupChange" (
    "id" BIGSERIAL NOT NULL,
    "cycleId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CycleRollupChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CycleRollupChange_cycleId_idx" ON "CycleRollupChange"("cycleId");

-- AddForeignKey
ALTER TABLE "CycleRollup" ADD CONSTRAINT "CycleRollup_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A unit's row changes whenever what the dashboard shows of it changes (a submission, a decision, a result): each
-- statement records a change for its cycles. The tree and allocated targets change rarely, for every running
-- cycle at once. (The pg driver adapter splits migration scripts at every semicolon, so function bodies write
-- theirs as \073.)
CREATE FUNCTION "rollup_change_from_assessments"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN INSERT INTO "CycleRollupChange" ("cycleId") SELECT DISTINCT "cycleId" FROM changed\073 RETURN NULL\073 END\073'
;
CREATE FUNCTION "rollup_change_everywhere"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN INSERT INTO "CycleRollupChange" ("cycleId") SELECT id FROM "Cycle" WHERE status IN (''RUNNING'', ''PAUSED'')\073 RETURN NULL\073 END\073'
;

CREATE TRIGGER "Assessment_inserted_rollup" AFTER INSERT ON "Assessment"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "rollup_change_from_assessments"();
CREATE TRIGGER "Assessment_updated_rollup" AFTER UPDATE ON "Assessment"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "rollup_change_from_assessments"();
CREATE TRIGGER "TargetAllocation_changed_rollup" AFTER INSERT OR UPDATE OR DELETE ON "TargetAllocation"
  FOR EACH STATEMENT EXECUTE FUNCTION "rollup_change_everywhere"();
CREATE TRIGGER "Organisation_changed_rollup" AFTER INSERT OR UPDATE OR DELETE ON "Organisation"
  FOR EACH STATEMENT EXECUTE FUNCTION "rollup_change_everywhere"();
