-- Action links are keyed by what they act on (a subject: its kind and id), so any process can use them: an
-- assessment step today, a nomination, a vetting request or a notice to acknowledge tomorrow. Existing links are
-- assessment links and keep working: their subject is their assessment.
ALTER TABLE "ActionToken" ADD COLUMN "subjectKind" TEXT;
ALTER TABLE "ActionToken" ADD COLUMN "subjectId" TEXT;
UPDATE "ActionToken" SET "subjectKind" = 'assessment', "subjectId" = "assessmentId"::text;
ALTER TABLE "ActionToken" ALTER COLUMN "subjectKind" SET NOT NULL;
ALTER TABLE "ActionToken" ALTER COLUMN "subjectId" SET NOT NULL;
ALTER TABLE "ActionToken" ALTER COLUMN "assessmentId" DROP NOT NULL;
CREATE INDEX "ActionToken_subjectKind_subjectId_step_idx" ON "ActionToken"("subjectKind", "subjectId", "step");
