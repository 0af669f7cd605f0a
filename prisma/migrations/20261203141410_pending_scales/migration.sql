-- CreateTable
CREATE TABLE "PendingScale" (
    "komodorUid" TEXT NOT NULL,
    "replicas" INTEGER NOT NULL,
    "by" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PendingScale_pkey" PRIMARY KEY ("komodorUid")
);
