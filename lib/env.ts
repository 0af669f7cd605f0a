// The one place that reads process.env (t3's env.ts pattern): everything else imports `env`.
import { z } from "zod";
import { parseTrustedProxies } from "./auth/trusted-proxies";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (npm run dev sets it for the embedded database)"),
  /** 32 bytes, base64: the AES-256-GCM key for secrets at rest. */
  WHEELHOUSE_SECRET_KEY: z.string().refine((v) => Buffer.from(v, "base64").length === 32, "WHEELHOUSE_SECRET_KEY must be 32 bytes, base64-encoded"),
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters"),
  NEXTAUTH_URL: z.string().url().default("http://127.0.0.1:3000"),
  OIDC_DISCOVERY_URL: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("OIDC"),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  /** New users (sign-up, OIDC, admin-created) start disabled unless this is "true". */
  WHEELHOUSE_NEW_USERS_ENABLED: z.enum(["true", "false"]).default("false"),
  /** Whether anyone may create an account on /signup; off unless this is "true". */
  WHEELHOUSE_SIGNUP_ENABLED: z.enum(["true", "false"]).default("false"),
  /** Failed logins allowed per username and per client address in LOGIN_WINDOW_SECONDS. */
  WHEELHOUSE_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
  WHEELHOUSE_LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(300),
  /** Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is believed; empty: none. */
  WHEELHOUSE_TRUSTED_PROXIES: z
    .string()
    .default("")
    // The same rules client-address.ts applies, so a bad entry stops start-up instead of every sign-in.
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  /** How long an agent enrollment token can be used, from when it is created. */
  WHEELHOUSE_ENROLLMENT_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(3600),
  /** Shell sessions end after this long without a keystroke. */
  WHEELHOUSE_TERMINAL_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(24 * 3600)
    .default(300),
  /** Requests per minute each API key (or user) may make to the public /api/v2. */
  WHEELHOUSE_PUBLIC_API_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** When set, GET /metrics also answers `Authorization: Bearer <this>` (a Prometheus scraper needs no user). */
  WHEELHOUSE_METRICS_TOKEN: z.preprocess(
    (v) => (v === "" ? undefined : v), // an empty value means unset, as in a .env template
    z.string().min(16, "WHEELHOUSE_METRICS_TOKEN must be at least 16 characters").optional(),
  ),
  /** "1"/"true": Alerters may send to private, loopback and link-local addresses (a LAN ntfy, a local SMTP relay). */
  WHEELHOUSE_ALERTER_ALLOW_PRIVATE: z.enum(["1", "0", "true", "false"]).default("0"),
  HOSTNAME: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().positive().default(3000),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

let cached: Env | undefined;
/** Validated lazily so that importing a module never fails at build time. */
export const env: Env = new Proxy({} as Env, {
  get(_target, key: string) {
    cached ??= load();
    return cached[key as keyof Env];
  },
});

export const oidcEnabled = () => Boolean(env.OIDC_DISCOVERY_URL && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
export const githubEnabled = () => Boolean(env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET);
export const signUpEnabled = () => env.WHEELHOUSE_SIGNUP_ENABLED === "true";
