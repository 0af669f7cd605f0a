-- AlterTable
ALTER TABLE "ResourceSync" ADD COLUMN     "secrets" JSONB NOT NULL DEFAULT '{}';
