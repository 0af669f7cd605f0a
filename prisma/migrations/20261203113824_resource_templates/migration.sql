-- AlterTable
ALTER TABLE "Alerter" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Build" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Builder" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Procedure" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Repo" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ResourceSync" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Server" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Stack" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Variable" ADD COLUMN     "template" BOOLEAN NOT NULL DEFAULT false;
