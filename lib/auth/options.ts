// next-auth configuration. Sessions are JWTs (required by the Credentials provider) that
// carry the user's sessionVersion; lib/auth/actor.ts rejects any token whose version is
// behind the database, which is how disabling a user or changing a password ends sessions.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import type { Provider } from "next-auth/providers/index";
import { env, githubEnabled, oidcEnabled } from "../env";
import { isAppError } from "../errors";
import { clientAddress } from "./client-address";
import { signInWithPassword } from "./credentials";
import { upsertExternalUser } from "./oauth-users";
import { newSessionId, revokeSession, SESSION_MAX_AGE_SECONDS } from "./revoked-sessions";

function providers(): Provider[] {
  const list: Provider[] = [
    CredentialsProvider({
      id: "credentials",
      name: "Username and password",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.username || !credentials.password) throw new Error("Enter a username and a password");
        try {
          const user = await signInWithPassword(credentials.username, credentials.password, clientAddress(req.headers));
          return { id: user.id, name: user.name, sessionVersion: user.sessionVersion };
        } catch (e) {
          // The message reaches the sign-in form; only AppErrors carry user-facing text.
          throw new Error(isAppError(e) ? e.message : "Sign-in failed");
        }
      },
    }),
  ];
  if (oidcEnabled()) {
    list.push({
      id: "oidc",
      name: env.OIDC_NAME,
      type: "oauth",
      wellKnown: env.OIDC_DISCOVERY_URL,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (p: { sub: string; preferred_username?: string; name?: string; email?: string }) => ({
        id: p.sub,
        name: p.preferred_username ?? p.name ?? p.email ?? p.sub,
        email: p.email,
      }),
    });
  }
  if (githubEnabled()) list.push(GitHubProvider({ clientId: env.GITHUB_CLIENT_ID!, clientSecret: env.GITHUB_CLIENT_SECRET! }));
  return list;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: providers(),
    events: {
      // Clearing the cookie isn't enough: a copy of the token would still work until it expires.
      async signOut({ token }) {
        if (token) await revokeSession(token);
      },
    },
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        const local = await upsertExternalUser(account.provider as "oidc" | "github", account.providerAccountId, user.name ?? "", user.email);
        if (!local.enabled) return "/login?error=disabled";
        Object.assign(user, { id: local.id, name: local.username, sessionVersion: local.sessionVersion });
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          const u = user as typeof user & { sessionVersion?: number };
          token.sub = u.id;
          token.name = u.name;
          token.sv = u.sessionVersion ?? 0;
          token.sid = newSessionId();
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) session.user.name = token.name ?? null;
        return session;
      },
    },
  };
}
