CREATE TABLE "NominationAttachment" (
    "id" UUID NOT NULL,
    "nominationId" UUID,
    "programmeId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA,
    "uploadedBy" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NominationAttachment_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "NominationAttachment_nominationId_idx" ON "NominationAttachment"("nominationId");
ALTER TABLE "NominationAttachment" ADD CONSTRAINT "NominationAttachment_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination"("id") ON DELETE SET NULL ON UPDATE CASCADE;
