// The one way to build a route handler. It resolves the actor, runs authorize() with the
// permission and target the route declares, parses the body (bounded as it streams: 413
// past MAX_BODY_BYTES), and turns AppErrors into responses in one place. A test
// (lib/api/handlers-are-wrapped.test.ts) fails if any exported handler under app/ is built
// another way.
import "../server-only";
import { NextRequest, NextResponse } from "next/server";
import { assertKeyMayUse, resolveActor, parseCookieHeader } from "../auth/actor";
import type { Actor } from "../authz/actor";
import { authorize, type Target } from "../authz/authorize";
import type { Permission } from "../authz/permissions";
import { AppError, isAppError } from "../errors";
import { logger } from "../logger";
import { currentRequestId, REQUEST_ID_HEADER, requestIdFrom } from "../ops/request-context";
import { readBounded } from "./body";
import { assertSameOrigin } from "./origin";

export const HANDLER_POLICY = Symbol.for("wheelhouse.handler-policy");
export const MAX_BODY_BYTES = 256 * 1024;

type Params = Record<string, string | string[]>;

export interface HandlerContext<P extends Params = Params> {
  req: NextRequest;
  params: P;
  actor: Actor;
  /** The parsed JSON body, bounded by MAX_BODY_BYTES (undefined when there is none). */
  body: unknown;
}

type Policy<P extends Params> =
  | {
      /** The permission, or how to find it from the request (an execution declares its own). */
      permission: Permission | ((ctx: { params: P }) => Permission);
      target: (ctx: { params: P; req: NextRequest; actor: Actor; body: unknown }) => Target | Promise<Target>;
    }
  /** Open to anonymous callers; the reason is there for reviewers. `rawBody` leaves the body unparsed (still bounded). */
  | { public: string; rawBody?: boolean };

type RouteFn = ((req: NextRequest, ctx: { params: Promise<Params> }) => Promise<Response>) & { [HANDLER_POLICY]?: unknown };

const STATUS: Record<AppError["code"], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
  AGENT_OFFLINE: 503,
  UPSTREAM_FAILED: 502,
  INTERNAL: 500,
};

export const statusOf = (e: AppError) => STATUS[e.code];

/** The Retry-After header a RATE_LIMITED error carries, whichever error format answers. */
export const retryHeaders = (e: AppError): HeadersInit | undefined => (e.retryAfterSeconds ? { "Retry-After": String(e.retryAfterSeconds) } : undefined);

export function errorResponse(e: unknown, where: string): NextResponse {
  if (isAppError(e)) {
    return NextResponse.json(
      { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } },
      { status: STATUS[e.code], headers: retryHeaders(e) },
    );
  }
  logger.error(`unhandled error in ${where}`, e);
  return NextResponse.json({ error: { code: "INTERNAL", message: "Something went wrong; the server log has the details" } }, { status: 500 });
}

/** How a family of routes speaks HTTP, when it isn't /api/v1's way (the public /api/v2 speaks Komodor's). */
export interface HandlerStyle {
  /** Renders an error; `requestId` is also sent as X-Request-Id. */
  error: (e: unknown, where: string, requestId: string) => Response;
  /** Runs once the actor is known, before the body is read (rate limits). */
  admit?: (actor: Actor | null) => Promise<void>;
  /** Status of a successful POST (search endpoints answer 200). */
  postStatus: number;
}

const V1_STYLE: HandlerStyle = { error: (e, where) => errorResponse(e, where), postStatus: 201 };

async function readJson(req: NextRequest): Promise<unknown> {
  const text = (await readBounded(req, MAX_BODY_BYTES)).toString("utf8");
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The body is not valid JSON", { _: ["The body is not valid JSON"] });
  }
}

/** A raw-body route (next-auth) gets the same bound: the body is read within it and handed on. */
async function boundedCopy(req: NextRequest): Promise<NextRequest> {
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return req;
  const bytes = await readBounded(req, MAX_BODY_BYTES);
  return new NextRequest(req.url, { method: req.method, headers: req.headers, body: new Uint8Array(bytes) });
}

function credentials(req: NextRequest) {
  return { headers: Object.fromEntries(req.headers.entries()), cookies: parseCookieHeader(req.headers.get("cookie") ?? undefined) };
}

export function handler<P extends Params = Params>(
  policy: Policy<P>,
  fn: (ctx: HandlerContext<P>) => Promise<unknown>,
  style: HandlerStyle = V1_STYLE,
): RouteFn {
  const route: RouteFn = async (req, routeCtx) => {
    // The id server.ts gave this request (and logs with; it also set the header), so an error body names the same one.
    const requestId = currentRequestId() ?? requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
    try {
      if ("rawBody" in policy && policy.rawBody) req = await boundedCopy(req);
      const params = ((await routeCtx?.params) ?? {}) as P;
      const actor = await resolveActor(credentials(req));
      await style.admit?.(actor);
      if ("permission" in policy && !actor) throw new AppError("UNAUTHENTICATED", "Sign in or send an X-API-KEY header");
      if (actor) assertKeyMayUse(actor, req.nextUrl.pathname.startsWith("/api/v2/") ? "public-api" : "app");
      if (actor)
        assertSameOrigin(actor, { write: req.method !== "GET" && req.method !== "HEAD", origin: req.headers.get("origin"), host: req.headers.get("host") });
      const skipBody = req.method === "GET" || req.method === "HEAD" || ("rawBody" in policy && policy.rawBody);
      const body = skipBody ? undefined : await readJson(req);
      if ("permission" in policy) {
        const permission = typeof policy.permission === "function" ? policy.permission({ params }) : policy.permission;
        await authorize(actor, permission, await policy.target({ params, req, actor: actor!, body }));
      }
      const result = await fn({ req, params, actor: actor as Actor, body });
      if (result instanceof Response) return result;
      if (result === undefined) return new NextResponse(null, { status: 204 });
      return NextResponse.json(result, { status: req.method === "POST" ? style.postStatus : 200 });
    } catch (e) {
      const response = style.error(e, `${req.method} ${req.nextUrl.pathname}`, requestId);
      response.headers.set("X-Request-Id", requestId);
      return response;
    }
  };
  route[HANDLER_POLICY] =
    "public" in policy ? { public: policy.public } : { permission: typeof policy.permission === "function" ? "declared by the target" : policy.permission };
  return route;
}
