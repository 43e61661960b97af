-- The unit page of the console lists every email about one assessment, found by the id in the message data.
CREATE INDEX "OutboxMessage_data_assessmentId_idx" ON "OutboxMessage" ((data->>'assessmentId'));
