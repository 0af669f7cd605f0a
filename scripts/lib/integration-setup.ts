// Runs before every integration test file: fails loudly when the database is missing
// (run them through `npm run test:integration`, which prepares one).
import { beforeAll } from "vitest";

beforeAll(() => {
  if (!process.env.DATABASE_URL) {
    throw new Error("Integration tests need a database: run `npm run test:integration` (it starts the embedded PostgreSQL).");
  }
});
