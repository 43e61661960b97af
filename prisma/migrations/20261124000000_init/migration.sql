-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('FEDERATION', 'COUNTY_DISTRICT', 'INDUSTRY_UNION', 'GRASSROOTS_UNION', 'ENTERPRISE', 'WORK_TEAM');

-- CreateEnum
CREATE TYPE "Locale" AS ENUM ('zh_CN', 'en');

-- CreateEnum
CREATE TYPE "CommitteeRole" AS ENUM ('CHAIR', 'VICE_CHAIR', 'MEMBER');

-- CreateEnum
CREATE TYPE "Aggregation" AS ENUM ('SUM', 'SHARE');

-- CreateEnum
CREATE TYPE "IndicatorKind" AS ENUM ('ANNUAL_COUNT', 'CUMULATIVE', 'LEVEL', 'GROWTH', 'RATIO', 'LOWER_IS_BETTER');

-- CreateEnum
CREATE TYPE "CycleStatus" AS ENUM ('RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "Stage" AS ENUM ('PLAN_SUBMISSION', 'TARGET_SETTING', 'EXECUTION_CHECK', 'EVALUATION', 'FINISHED');

-- CreateEnum
CREATE TYPE "AssessmentStatus" AS ENUM ('WAITING_SUBMISSION', 'WAITING_DECISION', 'RETURNED', 'COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('APPROVE', 'RETURN', 'REJECT', 'ACKNOWLEDGE', 'RECTIFY', 'CONFIRM', 'AUTO_APPROVE', 'EXPIRE');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('NOTICE', 'BULLETIN', 'AWARD_PUBLICITY', 'AWARD_DECISION');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "AwardCategory" AS ENUM ('ADVANCED_COLLECTIVE', 'MODEL_INDIVIDUAL', 'WORKER_PIONEER', 'CHIEF_EMPLOYEE', 'CHIEF_TECHNICIAN', 'CHIEF_ENGINEER', 'INNOVATION_STUDIO', 'ANKANG_CUP');

-- CreateEnum
CREATE TYPE "NominationStatus" AS ENUM ('NOMINATED', 'VOTING', 'PUBLICITY', 'OBJECTED', 'AWARDED', 'DECLINED');

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT,
    "kind" "OrganisationKind" NOT NULL,
    "parentId" UUID,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "retiredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "locale" "Locale" NOT NULL DEFAULT 'zh_CN',
    "organisationId" UUID,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganisationContact" (
    "organisationId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "isPrimary" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "OrganisationContact_pkey" PRIMARY KEY ("organisationId","personId")
);

-- CreateTable
CREATE TABLE "Committee" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Committee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitteeMember" (
    "committeeId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "role" "CommitteeRole" NOT NULL DEFAULT 'MEMBER',

    CONSTRAINT "CommitteeMember_pkey" PRIMARY KEY ("committeeId","personId")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT,
    "periodStart" INTEGER NOT NULL,
    "periodEnd" INTEGER NOT NULL,
    "isBuiltIn" BOOLEAN NOT NULL DEFAULT false,
    "indicatorWeight" DECIMAL(5,2) NOT NULL,
    "committeeWeight" DECIMAL(5,2) NOT NULL,
    "gradeThresholds" JSONB NOT NULL,
    "sourceDocument" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorDefinition" (
    "id" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "unitZh" TEXT NOT NULL,
    "unitEn" TEXT NOT NULL,
    "kind" "IndicatorKind" NOT NULL,
    "aggregation" "Aggregation" NOT NULL DEFAULT 'SUM',
    "weight" DECIMAL(7,3) NOT NULL,
    "annualRatePct" DECIMAL(7,3),
    "denominatorCode" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "noteZh" TEXT,

    CONSTRAINT "IndicatorDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorTarget" (
    "indicatorId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "IndicatorTarget_pkey" PRIMARY KEY ("indicatorId","year")
);

-- CreateTable
CREATE TABLE "TargetAllocation" (
    "indicatorId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "TargetAllocation_pkey" PRIMARY KEY ("indicatorId","organisationId","year")
);

-- CreateTable
CREATE TABLE "QualitativeCriterion" (
    "id" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "weight" DECIMAL(7,3) NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "QualitativeCriterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cycle" (
    "id" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "rootOrganisationId" UUID NOT NULL,
    "calendar" JSONB NOT NULL,
    "decisionPolicy" JSONB NOT NULL,
    "status" "CycleStatus" NOT NULL DEFAULT 'RUNNING',
    "completedAt" TIMESTAMPTZ(3),
    "workflowId" TEXT NOT NULL,
    "startedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Cycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" UUID NOT NULL,
    "cycleId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stage" "Stage" NOT NULL DEFAULT 'PLAN_SUBMISSION',
    "status" "AssessmentStatus" NOT NULL DEFAULT 'WAITING_SUBMISSION',
    "step" TEXT,
    "dueAt" TIMESTAMPTZ(3),
    "waitingOn" UUID[],
    "indicatorPart" DECIMAL(7,3),
    "committeePart" DECIMAL(7,3),
    "score" DECIMAL(7,3),
    "grade" TEXT,
    "rank" INTEGER,
    "finishedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Submission" (
    "id" UUID NOT NULL,
    "assessmentId" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "submittedById" UUID,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" UUID NOT NULL,
    "assessmentId" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "submissionId" UUID,
    "personId" UUID,
    "onBehalfOfId" UUID,
    "outcome" "DecisionOutcome" NOT NULL,
    "comment" TEXT,
    "eventKey" TEXT NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgressReport" (
    "id" UUID NOT NULL,
    "assessmentId" UUID NOT NULL,
    "submissionId" UUID NOT NULL,
    "checkIndex" INTEGER NOT NULL,
    "asOf" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ProgressReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgressFigure" (
    "reportId" UUID NOT NULL,
    "indicatorId" UUID NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,
    "numerator" DECIMAL(18,4),
    "denominator" DECIMAL(18,4),

    CONSTRAINT "ProgressFigure_pkey" PRIMARY KEY ("reportId","indicatorId")
);

-- CreateTable
CREATE TABLE "EvaluationScore" (
    "assessmentId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "criterionId" UUID NOT NULL,
    "score" DECIMAL(5,2) NOT NULL,
    "scoredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvaluationScore_pkey" PRIMARY KEY ("assessmentId","personId","criterionId")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "cycleId" UUID,
    "periodKey" TEXT NOT NULL,
    "number" INTEGER,
    "title" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "pdf" BYTEA,
    "data" JSONB NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "personId" UUID,
    "toEmail" TEXT NOT NULL,
    "locale" "Locale" NOT NULL DEFAULT 'zh_CN',
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionToken" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "assessmentId" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "actions" TEXT[],
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "detail" JSONB NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AwardNomination" (
    "id" UUID NOT NULL,
    "cycleId" UUID NOT NULL,
    "category" "AwardCategory" NOT NULL,
    "organisationId" UUID,
    "personId" UUID,
    "citation" TEXT NOT NULL,
    "status" "NominationStatus" NOT NULL DEFAULT 'NOMINATED',
    "objections" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AwardNomination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AwardVote" (
    "nominationId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "inFavour" BOOLEAN NOT NULL,
    "votedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AwardVote_pkey" PRIMARY KEY ("nominationId","personId")
);

-- CreateTable
CREATE TABLE "WorkerHeartbeat" (
    "identity" TEXT NOT NULL,
    "taskQueue" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkerHeartbeat_pkey" PRIMARY KEY ("identity")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_code_key" ON "Organisation"("code");

-- CreateIndex
CREATE INDEX "Organisation_parentId_idx" ON "Organisation"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE INDEX "Person_organisationId_idx" ON "Person"("organisationId");

-- CreateIndex
CREATE INDEX "OrganisationContact_personId_idx" ON "OrganisationContact"("personId");

-- CreateIndex
CREATE INDEX "Committee_organisationId_idx" ON "Committee"("organisationId");

-- CreateIndex
CREATE INDEX "CommitteeMember_personId_idx" ON "CommitteeMember"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_code_key" ON "Plan"("code");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorDefinition_planId_code_key" ON "IndicatorDefinition"("planId", "code");

-- CreateIndex
CREATE INDEX "TargetAllocation_organisationId_year_idx" ON "TargetAllocation"("organisationId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "QualitativeCriterion_planId_code_key" ON "QualitativeCriterion"("planId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Cycle_workflowId_key" ON "Cycle"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Cycle_planId_year_key" ON "Cycle"("planId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_workflowId_key" ON "Assessment"("workflowId");

-- CreateIndex
CREATE INDEX "Assessment_cycleId_stage_status_idx" ON "Assessment"("cycleId", "stage", "status");

-- CreateIndex
CREATE INDEX "Assessment_cycleId_dueAt_idx" ON "Assessment"("cycleId", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_cycleId_organisationId_key" ON "Assessment"("cycleId", "organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Submission_assessmentId_step_version_key" ON "Submission"("assessmentId", "step", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_eventKey_key" ON "Decision"("eventKey");

-- CreateIndex
CREATE INDEX "Decision_assessmentId_step_idx" ON "Decision"("assessmentId", "step");

-- CreateIndex
CREATE UNIQUE INDEX "ProgressReport_submissionId_key" ON "ProgressReport"("submissionId");

-- CreateIndex
CREATE INDEX "ProgressReport_assessmentId_checkIndex_idx" ON "ProgressReport"("assessmentId", "checkIndex");

-- CreateIndex
CREATE INDEX "Document_kind_issuedAt_idx" ON "Document"("kind", "issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Document_cycleId_kind_periodKey_key" ON "Document"("cycleId", "kind", "periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_idempotencyKey_key" ON "OutboxMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_personId_idx" ON "OutboxMessage"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ActionToken_tokenHash_key" ON "ActionToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ActionToken_assessmentId_step_idx" ON "ActionToken"("assessmentId", "step");

-- CreateIndex
CREATE INDEX "AuditLog_subjectType_subjectId_idx" ON "AuditLog"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "AwardNomination_cycleId_category_idx" ON "AwardNomination"("cycleId", "category");

-- CreateIndex
CREATE INDEX "WorkerHeartbeat_taskQueue_lastSeenAt_idx" ON "WorkerHeartbeat"("taskQueue", "lastSeenAt");

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationContact" ADD CONSTRAINT "OrganisationContact_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationContact" ADD CONSTRAINT "OrganisationContact_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Committee" ADD CONSTRAINT "Committee_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitteeMember" ADD CONSTRAINT "CommitteeMember_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "Committee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitteeMember" ADD CONSTRAINT "CommitteeMember_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorDefinition" ADD CONSTRAINT "IndicatorDefinition_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorTarget" ADD CONSTRAINT "IndicatorTarget_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "IndicatorDefinition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetAllocation" ADD CONSTRAINT "TargetAllocation_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "IndicatorDefinition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetAllocation" ADD CONSTRAINT "TargetAllocation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QualitativeCriterion" ADD CONSTRAINT "QualitativeCriterion_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cycle" ADD CONSTRAINT "Cycle_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cycle" ADD CONSTRAINT "Cycle_rootOrganisationId_fkey" FOREIGN KEY ("rootOrganisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_onBehalfOfId_fkey" FOREIGN KEY ("onBehalfOfId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressReport" ADD CONSTRAINT "ProgressReport_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressReport" ADD CONSTRAINT "ProgressReport_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressFigure" ADD CONSTRAINT "ProgressFigure_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ProgressReport"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgressFigure" ADD CONSTRAINT "ProgressFigure_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "IndicatorDefinition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationScore" ADD CONSTRAINT "EvaluationScore_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationScore" ADD CONSTRAINT "EvaluationScore_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationScore" ADD CONSTRAINT "EvaluationScore_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "QualitativeCriterion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionToken" ADD CONSTRAINT "ActionToken_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionToken" ADD CONSTRAINT "ActionToken_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardNomination" ADD CONSTRAINT "AwardNomination_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardNomination" ADD CONSTRAINT "AwardNomination_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardNomination" ADD CONSTRAINT "AwardNomination_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardVote" ADD CONSTRAINT "AwardVote_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "AwardNomination"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardVote" ADD CONSTRAINT "AwardVote_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Guards the application also checks, kept in the database so no code path can bypass them.
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_period_order" CHECK ("periodEnd" >= "periodStart");
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_weights_sum" CHECK ("indicatorWeight" + "committeeWeight" = 100);
ALTER TABLE "IndicatorDefinition" ADD CONSTRAINT "IndicatorDefinition_weight_nonnegative" CHECK ("weight" >= 0);
ALTER TABLE "IndicatorTarget" ADD CONSTRAINT "IndicatorTarget_value_nonnegative" CHECK ("value" >= 0);
ALTER TABLE "TargetAllocation" ADD CONSTRAINT "TargetAllocation_value_nonnegative" CHECK ("value" >= 0);
ALTER TABLE "EvaluationScore" ADD CONSTRAINT "EvaluationScore_range" CHECK ("score" >= 0 AND "score" <= 100);
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_not_own_parent" CHECK ("parentId" IS NULL OR "parentId" <> "id");

-- The audit log is append-only: every decision must stay as it was recorded.
-- The pg driver adapter runs migration scripts split at every semicolon, even inside a function body, so the body
-- is an E-string whose semicolons are written as \073.
CREATE FUNCTION "AuditLog_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN RAISE EXCEPTION ''AuditLog is append-only: % is not allowed'', TG_OP USING ERRCODE = ''insufficient_privilege''\073 END\073'
;
CREATE TRIGGER "AuditLog_append_only" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "AuditLog_refuse_change"();
CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "AuditLog_refuse_change"();
