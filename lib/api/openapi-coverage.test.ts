// The OpenAPI document for /api/v1 must describe exactly the routes that exist: each route
// file's exported methods are read from disk and matched against openApiDocument().paths in
// both directions, so neither a new route nor a removed one can leave the document behind.
// Only app/api/v1 is walked; another version gets its own test calling the same helpers.
// The document imports lib modules that read lib/env.ts; give it dummy settings first.
import "../../tests/helpers/unit-env";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { compareWithDocument, operationProblems, resolveRoute, routeFiles, routeTemplate, type RouteFile } from "./route-files";

const APP = path.resolve(__dirname, "../../app");

describe("the route-file helpers", () => {
  it("turns a route directory into an OpenAPI path template", () => {
    expect(routeTemplate(["api", "v1", "[type]", "[id]", "execute", "[operation]"])).toBe("/api/v1/{type}/{id}/execute/{operation}");
    expect(routeTemplate(["api", "(internal)", "files", "[...path]"])).toBe("/api/files/{path}");
    expect(routeTemplate(["api", "docs", "[[...slug]]"])).toBe("/api/docs/{slug}");
  });

  const routes: RouteFile[] = [
    { file: "a", template: "/api/{type}/{id}", methods: ["GET", "DELETE"] },
    { file: "b", template: "/api/tags/{id}", methods: ["PATCH"] },
    { file: "c", template: "/api/tags", methods: ["GET"] },
  ];

  it("resolves a documented path the way Next routes it: a literal segment beats a parameter", () => {
    expect(resolveRoute("/api/tags/{id}", routes)?.file).toBe("b");
    expect(resolveRoute("/api/servers/{id}", routes)?.file).toBe("a");
    expect(resolveRoute("/api/servers/{serverId}", routes)).toBeUndefined();
    expect(resolveRoute("/api/servers", routes)).toBeUndefined();
  });

  it("names the missing operations in both directions", () => {
    const paths = { "/api/servers/{id}": { get: {} }, "/api/tags/{id}": { get: {} }, "/api/nothing": { post: {} } };
    expect(compareWithDocument(routes, paths)).toEqual({
      undocumented: ["DELETE /api/{type}/{id}", "PATCH /api/tags/{id}", "GET /api/tags"],
      unrouted: ["GET /api/tags/{id} (b has no GET)", "POST /api/nothing (no route file)"],
    });
  });

  it("flags undeclared or extra path parameters", () => {
    const paths = {
      "/a/{id}": { get: { summary: "x", responses: { 200: {} } } },
      "/b/{id}": { parameters: [{ name: "id", in: "path", required: true }], get: { summary: "x", responses: { 200: {} } } },
      "/c": { get: { summary: "x", parameters: [{ name: "id", in: "path", required: true }], responses: {} } },
    };
    expect(operationProblems(paths)).toEqual([
      "GET /a/{id}: path parameters [] but the template has [id]",
      "GET /c: path parameters [id] but the template has []",
      "GET /c: no responses",
    ]);
  });
});

describe("the /api/v1 OpenAPI document", () => {
  const routes = routeFiles(APP, "api/v1");
  const doc = openApiDocument();
  const { undocumented, unrouted } = compareWithDocument(routes, doc.paths);

  it("finds the v1 route files (so the checks below can't pass by finding nothing)", () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
    expect(routes.every((r) => r.template.startsWith("/api/v1/") && r.methods.length > 0)).toBe(true);
  });

  it("documents every route and method under app/api/v1", () => {
    expect(undocumented, "routes missing from lib/api/openapi.ts").toEqual([]);
  });

  it("documents no operation that no route file serves", () => {
    expect(unrouted, "documented operations without a route").toEqual([]);
  });

  it("declares each operation's path parameters, responses and summary", () => {
    expect(operationProblems(doc.paths)).toEqual([]);
  });

  it("lists each server operation and documents the bodies that name what to act on", () => {
    const path = doc.paths["/api/v1/servers/{id}/execute/{operation}"] as {
      parameters: { name: string; schema?: { enum?: string[] } }[];
      post: { requestBody?: { required: boolean; content: Record<string, { schema: unknown }> } };
    };
    const operations = path.parameters.find((p) => p.name === "operation")?.schema?.enum;
    expect(operations).toEqual(
      expect.arrayContaining(["start-all-containers", "stop-all-containers", "restart-all-containers", "delete-image", "delete-volume", "delete-network"]),
    );
    expect(path.post.requestBody?.required).toBe(false);
    const schema = JSON.stringify(path.post.requestBody?.content["application/json"]?.schema);
    for (const field of ["label", "image", "force", "volume", "network"]) expect(schema, field).toContain(`"${field}"`);
  });

  it("is an OpenAPI 3.1 document that survives JSON", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
