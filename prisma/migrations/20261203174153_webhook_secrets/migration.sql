-- AlterTable
ALTER TABLE "Build" ADD COLUMN     "secrets" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Repo" ADD COLUMN     "secrets" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Stack" ADD COLUMN     "secrets" JSONB NOT NULL DEFAULT '{}';
