-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "tokenExpiresAt" TIMESTAMP(3);
