-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "coreId" TEXT,
ADD COLUMN     "disconnectedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "AgentCommand" ADD COLUMN     "coreId" TEXT,
ADD COLUMN     "result" JSONB,
ADD COLUMN     "spec" TEXT;

-- AlterTable
ALTER TABLE "Update" ADD COLUMN     "coreId" TEXT;

-- CreateTable
CREATE TABLE "CoreNode" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CoreNode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotifySpill" (
    "id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotifySpill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NotifySpill_createdAt_idx" ON "NotifySpill"("createdAt");

-- CreateIndex
CREATE INDEX "Update_status_idx" ON "Update"("status");
