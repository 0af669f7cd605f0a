-- AlterTable
ALTER TABLE "Procedure" ADD COLUMN     "secrets" JSONB NOT NULL DEFAULT '{}';
