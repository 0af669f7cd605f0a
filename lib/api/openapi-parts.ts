// Building blocks of the OpenAPI document, shared by lib/api/openapi.ts and its Kubernetes and
// execution half (openapi-kube.ts). Schemas come from the zod schemas the handlers parse with.
import { z } from "zod";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

// JSON round trip: zod builds some nodes without Object.prototype, which React refuses to pass to client components.
export const schema = (s: z.ZodType) => JSON.parse(JSON.stringify(z.toJSONSchema(s, { io: "input", unrepresentable: "any" }))) as JsonSchema;

/** One query parameter per property of a zod object, required as zod requires it; arrays are
 *  given by repeating the key (`?tag=a&tag=b`), which is how queryObject() collects them. */
export function queryParams(s: z.ZodType) {
  const js = schema(s);
  return Object.entries(js.properties ?? {}).map(([name, p]) => ({
    name,
    in: "query",
    required: js.required?.includes(name) ?? false,
    schema: p,
    ...(p.type === "array" ? { style: "form", explode: true } : {}),
  }));
}

/** A query parameter the route reads by hand (no zod schema parses it). */
export const queryParam = (name: string, description: string, required = false, s: object = { type: "string" }) => ({
  name,
  in: "query",
  required,
  description,
  schema: s,
});
export const pathParam = (name: string, s: object = { type: "string" }) => ({ name, in: "path", required: true, schema: s });
export const idParam = pathParam("id");

export const errorResponse = {
  description: "Error",
  content: {
    "application/json": {
      schema: {
        type: "object",
        properties: {
          error: {
            type: "object",
            properties: {
              code: { type: "string" },
              message: { type: "string" },
              fields: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
            },
            required: ["code", "message"],
          },
        },
      },
    },
  },
};

export const json = (s: unknown) => ({ content: { "application/json": { schema: s } } });
export const body = (s: z.ZodType, required = true) => ({ required, ...json(schema(s)) });
export const ok = (description: string, s: unknown = { type: "object" }) => ({ description, ...json(s) });
export const noContent = (description: string) => ({ 204: { description } });
export const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
/** For what needs the agent connected (AGENT_OFFLINE). */
export const agentErrors = { ...errors, 503: errorResponse };
export const updateStarted = {
  202: ok("Started; follow the Update on /api/ws/events", { type: "object", properties: { updateId: { type: "string" } }, required: ["updateId"] }),
};
export const list = (description: string) => ok(description, { type: "array", items: { type: "object" } });
