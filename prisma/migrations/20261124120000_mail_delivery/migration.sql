-- Mail delivery: a lease for the sender that claimed a message, its stable Message-ID, and links bound to the
-- submission version they decide and to the email that carried them.
ALTER TABLE "OutboxMessage" ADD COLUMN "claimedUntil" TIMESTAMPTZ(3);
ALTER TABLE "OutboxMessage" ADD COLUMN "messageId" TEXT;

ALTER TABLE "ActionToken" ADD COLUMN "version" INTEGER;
ALTER TABLE "ActionToken" ADD COLUMN "usedFor" JSONB;
ALTER TABLE "ActionToken" ADD COLUMN "outboxMessageId" UUID;
ALTER TABLE "ActionToken" ADD CONSTRAINT "ActionToken_outboxMessageId_fkey"
  FOREIGN KEY ("outboxMessageId") REFERENCES "OutboxMessage"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "ActionToken_outboxMessageId_idx" ON "ActionToken"("outboxMessageId");
