import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // process.env is read in lib/env.ts only (and by the scripts that set it up).
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Import env from lib/env.ts" }],
    },
  },
  {
    files: [
      "lib/env.ts",
      "agent/env.ts",
      "scripts/**",
      "prisma.config.ts",
      "e2e/**",
      "playwright.config.ts",
      "vitest.config.ts",
      "server.ts",
      "bench/**",
      "tests/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
