ALTER TABLE "AwardProgramme" ADD COLUMN "ballot" TEXT NOT NULL DEFAULT 'VOTE';
ALTER TABLE "AwardProgramme" ADD COLUMN "passMark" INTEGER NOT NULL DEFAULT 60;
ALTER TABLE "AwardProgramme" ADD COLUMN "refillOnWithdrawal" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "NominationVote" ADD COLUMN "score" DECIMAL(5,2);
CREATE TABLE "BallotDelegation" (
    "programmeId" UUID NOT NULL,
    "fromId" UUID NOT NULL,
    "toId" UUID NOT NULL,
    "by" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BallotDelegation_pkey" PRIMARY KEY ("programmeId","fromId")
);
CREATE INDEX "BallotDelegation_programmeId_toId_idx" ON "BallotDelegation"("programmeId", "toId");
ALTER TABLE "BallotDelegation" ADD CONSTRAINT "BallotDelegation_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "AwardProgramme"("id") ON DELETE CASCADE ON UPDATE CASCADE;
