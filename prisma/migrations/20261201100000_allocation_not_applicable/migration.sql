ALTER TABLE "TargetAllocation" ADD COLUMN "notApplicable" BOOLEAN NOT NULL DEFAULT false;
