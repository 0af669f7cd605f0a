-- AlterTable
ALTER TABLE "Update" ADD COLUMN     "detail" JSONB;
