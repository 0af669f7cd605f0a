-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "clusters" TEXT NOT NULL DEFAULT '*',
ADD COLUMN     "namespaces" TEXT NOT NULL DEFAULT '*',
ADD COLUMN     "publicApiOnly" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ApiPageSession" (
    "id" BIGSERIAL NOT NULL,
    "principal" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "pageSize" INTEGER NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiPageSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiPageMark" (
    "sessionId" BIGINT NOT NULL,
    "page" INTEGER NOT NULL,
    "after" JSONB NOT NULL,

    CONSTRAINT "ApiPageMark_pkey" PRIMARY KEY ("sessionId","page")
);

-- CreateTable
CREATE TABLE "ApiRiskSnapshot" (
    "id" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "ids" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiRiskSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiRateWindow" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ApiRateWindow_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateIndex
CREATE INDEX "ApiPageSession_usedAt_idx" ON "ApiPageSession"("usedAt");

-- CreateIndex
CREATE INDEX "ApiRiskSnapshot_principal_query_createdAt_idx" ON "ApiRiskSnapshot"("principal", "query", "createdAt");

-- CreateIndex
CREATE INDEX "ApiRateWindow_windowStart_idx" ON "ApiRateWindow"("windowStart");

-- CreateIndex
CREATE INDEX "HealthMonitor_createdAt_id_idx" ON "HealthMonitor"("createdAt", "id");

-- AddForeignKey
ALTER TABLE "ApiPageMark" ADD CONSTRAINT "ApiPageMark_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ApiPageSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Health checks now use Komodor's names where Komodor has the check (the public /api/v2 speaks
-- them). The combined request/limit checks became one check per resource; their open rows are
-- carried over as the CPU check and corrected at the workload's next evaluation.
UPDATE "HealthMonitor" SET "checkType" = 'deploymentMissingReplicas' WHERE "checkType" = 'availability';
UPDATE "HealthMonitor" SET "checkType" = 'cpuRequestsMissing' WHERE "checkType" = 'requestsMissing';
UPDATE "HealthMonitor" SET "checkType" = 'cpuLimitsMissing' WHERE "checkType" = 'limitsMissing';
