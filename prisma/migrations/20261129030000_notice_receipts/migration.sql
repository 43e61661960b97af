-- Who has acknowledged receipt (签收) of a notice, and when.
CREATE TABLE "NoticeReceipt" (
    "documentId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "acknowledgedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NoticeReceipt_pkey" PRIMARY KEY ("documentId", "personId")
);

ALTER TABLE "NoticeReceipt" ADD CONSTRAINT "NoticeReceipt_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "NoticeReceipt" ADD CONSTRAINT "NoticeReceipt_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
