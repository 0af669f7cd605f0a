-- CreateIndex
CREATE INDEX "AgentCommand_status_deadline_idx" ON "AgentCommand"("status", "deadline");
