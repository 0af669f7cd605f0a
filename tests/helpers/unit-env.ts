// Dummy settings for unit tests whose imports reach lib/env.ts (validated on first use).
// Import it before anything else; values already in the environment win.
process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1:1/unused";
process.env.NEXTAUTH_SECRET ??= "unit-test-secret-0123456789";
process.env.WHEELHOUSE_SECRET_KEY ??= Buffer.alloc(32, 7).toString("base64");
