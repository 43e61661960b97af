ALTER TYPE "DocumentKind" ADD VALUE 'CYCLE_NOTICE';
ALTER TYPE "DocumentKind" ADD VALUE 'URGING_NOTICE';
ALTER TYPE "DocumentKind" ADD VALUE 'RESULTS_NOTICE';

CREATE TABLE "Issuer" (
    "id" UUID NOT NULL,
    "numberPrefix" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL,
    "organisationId" UUID,
    "sealImage" BYTEA,
    "sealMediaType" TEXT,
    "copyTo" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "printedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Issuer_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Issuer_numberPrefix_key" ON "Issuer"("numberPrefix");
CREATE INDEX "Issuer_organisationId_idx" ON "Issuer"("organisationId");
ALTER TABLE "Issuer" ADD CONSTRAINT "Issuer_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "CycleNoticeDraft" (
    "cycleId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "opening" TEXT,
    "closing" TEXT,
    "contact" TEXT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "CycleNoticeDraft_pkey" PRIMARY KEY ("cycleId","key")
);
ALTER TABLE "CycleNoticeDraft" ADD CONSTRAINT "CycleNoticeDraft_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "AwardProgramme" ADD COLUMN "jointIssuers" TEXT[] DEFAULT ARRAY[]::TEXT[];
