CREATE INDEX "OutboxMessage_createdAt_id_idx" ON "OutboxMessage"("createdAt" DESC, "id");
