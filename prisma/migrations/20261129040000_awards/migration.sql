-- The awards half (workflows/awards): the unused first sketch (AwardNomination, AwardVote, tied to a cycle) gives
-- way to programmes with their quotas, vetting departments, nominations, votes, objections and the honours register.
DROP TABLE "AwardVote";
DROP TABLE "AwardNomination";
DROP TYPE "NominationStatus";
DROP TYPE "AwardCategory";

CREATE TYPE "NominationStatus" AS ENUM ('ACTIVE', 'WITHDRAWN', 'VETOED', 'NOT_SELECTED', 'SELECTED', 'WITHDRAWN_BY_OBJECTION', 'AWARDED');

-- CreateEnum
CREATE TYPE "AwardProgrammeStatus" AS ENUM ('DRAFT', 'NOMINATING', 'VETTING', 'REVIEWING', 'CONFIRMING', 'PUBLICITY', 'DECIDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ReviewMode" AS ENUM ('EQUAL', 'COMPETITIVE');

-- CreateEnum
CREATE TYPE "ObjectionFinding" AS ENUM ('OPEN', 'UNFOUNDED', 'UPHELD');

-- AlterEnum


ALTER TYPE "DocumentKind" ADD VALUE 'AWARD_REVOCATION';
ALTER TYPE "DocumentKind" ADD VALUE 'CERTIFICATE';


-- CreateTable
CREATE TABLE "AwardProgramme" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "titleZh" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "rootOrganisationId" UUID NOT NULL,
    "committeeId" UUID NOT NULL,
    "numberPrefix" TEXT NOT NULL,
    "reviewMode" "ReviewMode" NOT NULL,
    "tieBreak" TEXT NOT NULL,
    "places" JSONB NOT NULL,
    "proportionRules" JSONB NOT NULL,
    "eligibilityRules" JSONB NOT NULL,
    "calendar" JSONB NOT NULL,
    "status" "AwardProgrammeStatus" NOT NULL DEFAULT 'DRAFT',
    "workflowId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AwardProgramme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AwardQuota" (
    "programmeId" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "organisationId" UUID NOT NULL,
    "quota" INTEGER NOT NULL,

    CONSTRAINT "AwardQuota_pkey" PRIMARY KEY ("programmeId","category","organisationId")
);

-- CreateTable
CREATE TABLE "VettingDepartment" (
    "id" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "personId" UUID NOT NULL,

    CONSTRAINT "VettingDepartment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Nomination" (
    "id" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "organisationId" UUID NOT NULL,
    "nomineeKind" TEXT NOT NULL,
    "nomineeName" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "deeds" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "earlierHonours" JSONB NOT NULL DEFAULT '[]',
    "newAchievements" TEXT,
    "checks" JSONB NOT NULL DEFAULT '[]',
    "status" "NominationStatus" NOT NULL DEFAULT 'ACTIVE',
    "statusReason" TEXT,
    "sequence" INTEGER NOT NULL,
    "createdBy" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Nomination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VettingAnswer" (
    "nominationId" UUID NOT NULL,
    "departmentId" UUID NOT NULL,
    "objects" BOOLEAN NOT NULL,
    "reason" TEXT,
    "answeredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VettingAnswer_pkey" PRIMARY KEY ("nominationId","departmentId")
);

-- CreateTable
CREATE TABLE "NominationVote" (
    "nominationId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "inFavour" BOOLEAN,
    "votedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NominationVote_pkey" PRIMARY KEY ("nominationId","personId")
);

-- CreateTable
CREATE TABLE "AwardObjection" (
    "id" UUID NOT NULL,
    "nominationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "senderHash" TEXT,
    "finding" "ObjectionFinding" NOT NULL DEFAULT 'OPEN',
    "note" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AwardObjection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Honour" (
    "id" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "nominationId" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "holderName" TEXT NOT NULL,
    "organisationId" UUID NOT NULL,
    "decisionDocumentId" UUID,
    "decisionNumber" TEXT NOT NULL,
    "awardedOn" DATE NOT NULL,
    "expiresOn" DATE,
    "revokedAt" TIMESTAMPTZ(3),
    "revokeReason" TEXT,
    "revocationDocumentId" UUID,

    CONSTRAINT "Honour_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkingCalendarDay" (
    "date" DATE NOT NULL,
    "working" BOOLEAN NOT NULL,
    "note" TEXT,

    CONSTRAINT "WorkingCalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE UNIQUE INDEX "AwardProgramme_workflowId_key" ON "AwardProgramme"("workflowId");

-- CreateIndex
CREATE INDEX "AwardProgramme_year_idx" ON "AwardProgramme"("year");

-- CreateIndex
CREATE UNIQUE INDEX "VettingDepartment_programmeId_name_key" ON "VettingDepartment"("programmeId", "name");

-- CreateIndex
CREATE INDEX "Nomination_programmeId_organisationId_idx" ON "Nomination"("programmeId", "organisationId");

-- CreateIndex
CREATE INDEX "Nomination_programmeId_sequence_idx" ON "Nomination"("programmeId", "sequence");

-- CreateIndex
CREATE INDEX "AwardObjection_nominationId_finding_idx" ON "AwardObjection"("nominationId", "finding");

-- CreateIndex
CREATE INDEX "AwardObjection_senderHash_createdAt_idx" ON "AwardObjection"("senderHash", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Honour_nominationId_key" ON "Honour"("nominationId");

-- CreateIndex
CREATE INDEX "Honour_category_level_idx" ON "Honour"("category", "level");

-- CreateIndex
CREATE INDEX "Honour_organisationId_idx" ON "Honour"("organisationId");

-- AddForeignKey
ALTER TABLE "AwardProgramme" ADD CONSTRAINT "AwardProgramme_rootOrganisationId_fkey" FOREIGN KEY ("rootOrganisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardProgramme" ADD CONSTRAINT "AwardProgramme_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "Committee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardQuota" ADD CONSTRAINT "AwardQuota_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "AwardProgramme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardQuota" ADD CONSTRAINT "AwardQuota_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingDepartment" ADD CONSTRAINT "VettingDepartment_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "AwardProgramme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingDepartment" ADD CONSTRAINT "VettingDepartment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Nomination" ADD CONSTRAINT "Nomination_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "AwardProgramme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Nomination" ADD CONSTRAINT "Nomination_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingAnswer" ADD CONSTRAINT "VettingAnswer_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingAnswer" ADD CONSTRAINT "VettingAnswer_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "VettingDepartment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NominationVote" ADD CONSTRAINT "NominationVote_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NominationVote" ADD CONSTRAINT "NominationVote_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardObjection" ADD CONSTRAINT "AwardObjection_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Honour" ADD CONSTRAINT "Honour_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "AwardProgramme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Honour" ADD CONSTRAINT "Honour_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Honour" ADD CONSTRAINT "Honour_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

