-- AlterTable
ALTER TABLE "Update" ADD COLUMN     "namespace" TEXT;
