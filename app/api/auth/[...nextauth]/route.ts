import NextAuth from "next-auth";
import { handler } from "@/lib/api/handler";
import { authOptions } from "@/lib/auth/options";

// next-auth's own sign-in, callback and session endpoints: they authenticate, so they are public.
const nextAuth = (req: Request, params: Record<string, string | string[]>) => NextAuth(authOptions())(req, { params: Promise.resolve(params) });

export const GET = handler({ public: "next-auth sign-in endpoints", rawBody: true }, async ({ req, params }) => nextAuth(req, params));
export const POST = handler({ public: "next-auth sign-in endpoints", rawBody: true }, async ({ req, params }) => nextAuth(req, params));
