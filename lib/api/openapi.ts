// The OpenAPI 3.1 document for /api/v1, generated from the same zod schemas the handlers
// validate with, so the documentation can't drift from the behaviour.
import { z } from "zod";
import { ZCreateResourceInput, ZUpdateResourceInput } from "../resources/inputs";
import { RESOURCE_TYPES } from "../resources/registry";
import { ZCreateTagInput, ZUpdateTagInput } from "../tags/service";
import { ZCreateApiKeyInput, ZCreateGrantInput, ZCreateGroupInput, ZCreateUserInput, ZSetupInput, ZUpdateGroupInput, ZUpdateUserInput, ZChangePasswordInput } from "../users/inputs";

// JSON round trip: zod builds some nodes without Object.prototype, which React refuses to pass to client components.
const schema = (s: z.ZodType) => JSON.parse(JSON.stringify(z.toJSONSchema(s, { io: "input", unrepresentable: "any" }))) as Record<string, unknown>;

/** JSON Schema of every type's config, keyed by type; the UI renders config editors from it. */
export function resourceTypeSchemas() {
  return RESOURCE_TYPES.map((def) => ({
    key: def.key,
    label: def.label,
    plural: def.plural,
    labelPlural: def.labelPlural,
    description: def.description,
    secretFields: (def.secrets ?? []).map((s) => s.field),
    references: def.references ?? [],
    config: schema(def.config),
  }));
}

const errorResponse = {
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

const json = (s: unknown) => ({ content: { "application/json": { schema: s } } });
const ok = (description: string, s: unknown = { type: "object" }) => ({ description, ...json(s) });
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };

function crud(tag: string, create?: z.ZodType, update?: z.ZodType, extra: { list?: object; item?: boolean } = {}) {
  const collection: Record<string, unknown> = { get: { tags: [tag], summary: `List ${tag}`, ...extra.list, responses: { 200: ok("List", { type: "array", items: { type: "object" } }), ...errors } } };
  if (create) collection.post = { tags: [tag], summary: `Create`, requestBody: json(schema(create)), responses: { 201: ok("Created"), ...errors } };
  const item: Record<string, unknown> = { parameters: [idParam] };
  if (extra.item !== false) item.get = { tags: [tag], summary: "Get one", responses: { 200: ok("Found"), ...errors } };
  if (update) item.patch = { tags: [tag], summary: "Update", requestBody: json(schema(update)), responses: { 200: ok("Updated"), ...errors } };
  item.delete = { tags: [tag], summary: "Delete", responses: { 204: { description: "Deleted" }, ...errors } };
  return { collection, item };
}

export function openApiDocument() {
  const paths: Record<string, unknown> = {};
  for (const def of RESOURCE_TYPES) {
    const create = ZCreateResourceInput.extend({ config: (def.config as z.ZodType).optional() });
    const { collection, item } = crud(def.labelPlural, create, ZUpdateResourceInput, {
      list: {
        parameters: [
          { name: "q", in: "query", schema: { type: "string" }, description: "Search name and description" },
          { name: "tag", in: "query", schema: { type: "array", items: { type: "string" } }, explode: true, description: "Tag ids (all must match)" },
        ],
      },
    });
    paths[`/api/v1/${def.plural}`] = collection;
    paths[`/api/v1/${def.plural}/{id}`] = item;
  }
  const add = (path: string, tag: string, create?: z.ZodType, update?: z.ZodType, opts?: { item?: boolean }) => {
    const { collection, item } = crud(tag, create, update, opts);
    paths[`/api/v1/${path}`] = collection;
    paths[`/api/v1/${path}/{id}`] = item;
  };
  add("tags", "Tags", ZCreateTagInput, ZUpdateTagInput, { item: false });
  add("users", "Users (admin)", ZCreateUserInput, ZUpdateUserInput);
  add("user-groups", "User groups (admin)", ZCreateGroupInput, ZUpdateGroupInput);
  add("permissions", "Permissions (admin)", ZCreateGrantInput, undefined, { item: false });
  add("api-keys", "API keys", ZCreateApiKeyInput, undefined, { item: false });
  paths["/api/v1/updates"] = { get: { tags: ["Updates"], summary: "The audit and operation log", responses: { 200: ok("Page of updates"), ...errors } } };
  paths["/api/v1/updates/{id}"] = { parameters: [idParam], get: { tags: ["Updates"], summary: "One update with logs and config diff", responses: { 200: ok("Update"), ...errors } } };
  paths["/api/v1/search"] = { get: { tags: ["Search"], parameters: [{ name: "q", in: "query", schema: { type: "string" } }], responses: { 200: ok("Hits"), ...errors } } };
  paths["/api/v1/me"] = { get: { tags: ["Account"], responses: { 200: ok("The signed-in user"), ...errors } } };
  paths["/api/v1/me/password"] = { post: { tags: ["Account"], requestBody: json(schema(ZChangePasswordInput)), responses: { 201: ok("Changed"), ...errors } } };
  paths["/api/v1/setup"] = { post: { tags: ["Account"], security: [], requestBody: json(schema(ZSetupInput)), responses: { 201: ok("First admin created"), ...errors } } };
  paths["/api/v1/signup"] = { post: { tags: ["Account"], security: [], requestBody: json(schema(ZSetupInput)), responses: { 201: ok("Account created, disabled"), ...errors } } };

  return {
    openapi: "3.1.0",
    info: {
      title: "Wheelhouse API",
      version: "1.0.0",
      description: "Versioned REST API. Authenticate with the session cookie or an `X-API-KEY` header. Secret fields are write-only and returned masked.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-API-KEY" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    security: [{ apiKey: [] }, { session: [] }],
    paths,
  };
}
