// The OpenAPI 3.1 document for /api/v1, generated from the same zod schemas the handlers
// validate with, so the documentation can't drift from the behaviour. The Kubernetes and
// execution paths live in openapi-kube.ts; lib/api/openapi-coverage.test.ts fails when a route
// under app/api/v1 is missing here or a documented one has no route.
import type { z } from "zod";
import { typedInputs, ZListResourcesQuery } from "../resources/inputs";
import { RESOURCE_TYPES } from "../resources/registry";
import { ZCreateTagInput, ZUpdateTagInput } from "../tags/types";
import { ZListUpdatesQuery } from "../updates/list";
import { ZListAlertsQuery } from "../alerts/list";
import {
  ZCreateApiKeyInput,
  ZCreateGrantInput,
  ZCreateGroupInput,
  ZCreateUserInput,
  ZSetupInput,
  ZSignUpInput,
  ZUpdateGroupInput,
  ZUpdateUserInput,
  ZChangePasswordInput,
} from "../users/inputs";
import { kubeAndExecutionPaths } from "./openapi-kube";
import { body, errorResponse, errors, idParam, list, noContent, ok, queryParam, queryParams, schema } from "./openapi-parts";

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

function crud(tag: string, create?: z.ZodType, update?: z.ZodType, extra: { list?: object; item?: boolean } = {}) {
  const collection: Record<string, unknown> = { get: { tags: [tag], summary: `List ${tag}`, ...extra.list, responses: { 200: list("List"), ...errors } } };
  if (create) collection.post = { tags: [tag], summary: `Create`, requestBody: body(create), responses: { 201: ok("Created"), ...errors } };
  const item: Record<string, unknown> = { parameters: [idParam] };
  if (extra.item !== false) item.get = { tags: [tag], summary: "Get one", responses: { 200: ok("Found"), ...errors } };
  if (update) item.patch = { tags: [tag], summary: "Update", requestBody: body(update), responses: { 200: ok("Updated"), ...errors } };
  item.delete = { tags: [tag], summary: "Delete", responses: { ...noContent("Deleted"), ...errors } };
  return { collection, item };
}

export function openApiDocument() {
  const paths: Record<string, unknown> = {};
  for (const def of RESOURCE_TYPES) {
    const { create, update } = typedInputs(def);
    const { collection, item } = crud(def.labelPlural, create, update, { list: { parameters: queryParams(ZListResourcesQuery) } });
    paths[`/api/v1/${def.plural}`] = collection;
    paths[`/api/v1/${def.plural}/{id}`] = item;
  }
  const add = (path: string, tag: string, create?: z.ZodType, update?: z.ZodType, opts?: { item?: boolean; list?: object }) => {
    const { collection, item } = crud(tag, create, update, opts);
    paths[`/api/v1/${path}`] = collection;
    paths[`/api/v1/${path}/{id}`] = item;
  };
  add("tags", "Tags", ZCreateTagInput, ZUpdateTagInput, { item: false });
  add("users", "Users (admin)", ZCreateUserInput, ZUpdateUserInput);
  add("user-groups", "User groups (admin)", ZCreateGroupInput, ZUpdateGroupInput);
  add("permissions", "Permissions (admin)", ZCreateGrantInput, undefined, {
    item: false,
    list: { parameters: [queryParam("userId", "Only this user's grants"), queryParam("userGroupId", "Only this group's grants")] },
  });
  add("api-keys", "API keys", ZCreateApiKeyInput, undefined, { item: false });
  paths["/api/v1/updates"] = {
    get: {
      tags: ["Updates"],
      summary: "The audit and operation log",
      parameters: queryParams(ZListUpdatesQuery),
      responses: { 200: ok("Page of updates"), ...errors },
    },
  };
  paths["/api/v1/updates/{id}"] = {
    parameters: [idParam],
    get: { tags: ["Updates"], summary: "One update with logs and config diff", responses: { 200: ok("Update"), ...errors } },
  };
  paths["/api/v1/updates/{id}/cancel"] = {
    parameters: [idParam],
    post: {
      tags: ["Updates"],
      summary: "Cancel an execution while its agent runs it (needs Execute on its resource); it fails as cancelled",
      responses: { 200: ok("How many agent commands were cancelled"), ...errors },
    },
  };
  paths["/api/v1/search"] = {
    get: {
      tags: ["Search"],
      summary: "Search resources by name",
      parameters: [queryParam("q", "Search text (first 200 characters)")],
      responses: { 200: list("Hits"), ...errors },
    },
  };
  paths["/api/v1/alerts"] = {
    get: {
      tags: ["Alerts"],
      summary: "Alerts on resources you may read (Kubernetes alerts: in namespaces you may view), newest first, filtered and paged",
      parameters: queryParams(ZListAlertsQuery),
      responses: { 200: ok("Page of alerts"), ...errors },
    },
  };
  paths["/api/v1/alerts/count"] = {
    get: {
      tags: ["Alerts"],
      summary: "How many open alerts you may see, and how many of them nobody acknowledged",
      responses: { 200: ok("Counts"), ...errors },
    },
  };
  paths["/api/v1/alerts/{id}/acknowledge"] = {
    parameters: [idParam],
    post: {
      tags: ["Alerts"],
      summary:
        "Acknowledge an alert (needs Execute on its target; a Kubernetes alert, an action beyond viewing in its namespace); it stays open until its condition clears",
      responses: { 201: ok("Acknowledged"), ...errors },
    },
  };
  paths["/api/v1/resource-types"] = {
    get: { tags: ["Resource types"], summary: "Every resource type with its config JSON Schema", responses: { 200: list("Types"), ...errors } },
  };
  paths["/api/v1/me"] = { get: { tags: ["Account"], summary: "The signed-in user", responses: { 200: ok("The signed-in user"), ...errors } } };
  paths["/api/v1/me/password"] = {
    post: { tags: ["Account"], summary: "Change your password", requestBody: body(ZChangePasswordInput), responses: { 201: ok("Changed"), ...errors } },
  };
  paths["/api/v1/setup"] = {
    post: {
      tags: ["Account"],
      summary: "Create the first admin (only while no user exists)",
      security: [],
      requestBody: body(ZSetupInput),
      responses: { 201: ok("First admin created"), ...errors },
    },
  };
  paths["/api/v1/signup"] = {
    post: {
      tags: ["Account"],
      summary: "Sign up (the account starts disabled)",
      security: [],
      requestBody: body(ZSignUpInput),
      responses: { 201: ok("Account created, disabled"), ...errors, 429: errorResponse },
    },
  };
  paths["/api/v1/openapi.json"] = { get: { tags: ["Documentation"], summary: "This document", security: [], responses: { 200: ok("OpenAPI 3.1 document") } } };
  Object.assign(paths, kubeAndExecutionPaths());
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
