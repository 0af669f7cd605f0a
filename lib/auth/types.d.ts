import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    /** The user's sessionVersion when the token was issued. */
    sv?: number;
    /** This session's id, kept across re-issues; signing out revokes it (lib/auth/revoked-sessions.ts). */
    sid?: string;
  }
}
