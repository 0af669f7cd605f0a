// Prisma CLI configuration. On machines that cannot download Prisma's native schema
// engine we point the CLI at the WebAssembly stand-in shipped in ../shared/tools; on
// machines that can, nothing special happens.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

const shim = new URL("../shared/tools/prisma-wasm-engine/schema-engine.mjs", import.meta.url);
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(shim)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(shim);
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/wheelhouse",
    // `migrate diff --from-migrations` replays the migrations into this scratch database.
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
