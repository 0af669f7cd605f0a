-- CreateTable
CREATE TABLE "KubeObject" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "object" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KubeObject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimelineEvent" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "komodorUid" TEXT,
    "namespace" TEXT NOT NULL DEFAULT '',
    "objectKind" TEXT NOT NULL,
    "objectName" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'info',
    "summary" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TimelineEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthMonitor" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "checkType" TEXT NOT NULL,
    "komodorUid" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "supportingData" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastEvaluatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "HealthMonitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KubePolicy" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "userGroupId" TEXT,
    "clusters" TEXT NOT NULL DEFAULT '*',
    "namespaces" TEXT NOT NULL DEFAULT '*',
    "actions" TEXT[],
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KubePolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KubeObject_clusterId_kind_idx" ON "KubeObject"("clusterId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "KubeObject_clusterId_kind_namespace_name_key" ON "KubeObject"("clusterId", "kind", "namespace", "name");

-- CreateIndex
CREATE INDEX "TimelineEvent_clusterId_at_idx" ON "TimelineEvent"("clusterId", "at");

-- CreateIndex
CREATE INDEX "TimelineEvent_komodorUid_at_idx" ON "TimelineEvent"("komodorUid", "at");

-- CreateIndex
CREATE INDEX "HealthMonitor_clusterId_status_idx" ON "HealthMonitor"("clusterId", "status");

-- CreateIndex
CREATE INDEX "HealthMonitor_komodorUid_checkType_status_idx" ON "HealthMonitor"("komodorUid", "checkType", "status");

-- CreateIndex
CREATE INDEX "KubePolicy_userId_idx" ON "KubePolicy"("userId");

-- CreateIndex
CREATE INDEX "KubePolicy_userGroupId_idx" ON "KubePolicy"("userGroupId");
