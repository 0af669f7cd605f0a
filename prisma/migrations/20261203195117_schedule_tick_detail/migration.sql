-- AlterTable
ALTER TABLE "ScheduleTick" ADD COLUMN     "detail" TEXT NOT NULL DEFAULT '';
