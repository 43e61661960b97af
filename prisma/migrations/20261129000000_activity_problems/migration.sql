-- Activities that failed for good or past their bound, shown on the console until the workflow gets past them.
CREATE TABLE "ActivityProblem" (
    "id" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "assessmentId" UUID,
    "activity" TEXT NOT NULL,
    "permanent" BOOLEAN NOT NULL,
    "message" TEXT NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "firstAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ActivityProblem_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ActivityProblem_assessmentId_resolvedAt_idx" ON "ActivityProblem"("assessmentId", "resolvedAt");
CREATE INDEX "ActivityProblem_resolvedAt_firstAt_idx" ON "ActivityProblem"("resolvedAt", "firstAt");

-- One open problem per workflow and activity: a repeat of it counts as an occurrence, not a second problem (or mail).
CREATE UNIQUE INDEX "ActivityProblem_open_key" ON "ActivityProblem"("workflowId", "activity") WHERE "resolvedAt" IS NULL;

ALTER TABLE "ActivityProblem" ADD CONSTRAINT "ActivityProblem_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
