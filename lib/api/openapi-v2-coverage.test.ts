// The public /api/v2 document must describe exactly the routes under app/api/v2, in both
// directions, with the same helpers as /api/v1's test: a v2 route added without documenting
// it (or a documented one removed) fails here.
// The document imports lib modules that read lib/env.ts; give it dummy settings first.
import "../../tests/helpers/unit-env";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { komodorOpenApiDocument } from "../komodor/openapi";
import { compareWithDocument, operationProblems, routeFiles } from "./route-files";

const APP = path.resolve(__dirname, "../../app");

describe("the /api/v2 OpenAPI document", () => {
  const routes = routeFiles(APP, "api/v2");
  const doc = komodorOpenApiDocument();
  const { undocumented, unrouted } = compareWithDocument(routes, doc.paths);

  it("finds the v2 route files (so the checks below can't pass by finding nothing)", () => {
    expect(routes.length).toBeGreaterThanOrEqual(9);
    expect(routes.every((r) => r.template.startsWith("/api/v2/") && r.methods.length > 0)).toBe(true);
  });

  it("documents every route and method under app/api/v2", () => {
    expect(undocumented, "routes missing from lib/komodor/openapi.ts").toEqual([]);
  });

  it("documents no operation that no route file serves", () => {
    expect(unrouted, "documented operations without a route").toEqual([]);
  });

  it("declares each operation's path parameters, responses and summary", () => {
    expect(operationProblems(doc.paths)).toEqual([]);
  });

  it("answers errors with Komodor's ErrorWrapper and secures operations with X-API-KEY", () => {
    expect(doc.components.securitySchemes.apiKey).toEqual({ type: "apiKey", in: "header", name: "X-API-KEY" });
    for (const [p, item] of Object.entries(
      doc.paths as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: unknown }> }>; security?: unknown[] }>>,
    )) {
      for (const [method, operation] of Object.entries(item).filter(([m]) => m !== "parameters")) {
        if (operation.security) continue; // the document itself is public
        for (const code of ["400", "401", "403", "404", "429"]) {
          expect(operation.responses?.[code]?.content?.["application/json"]?.schema, `${method} ${p} ${code}`).toEqual({
            $ref: "#/components/schemas/ErrorWrapper",
          });
        }
      }
    }
  });

  it("takes request schemas from the handlers' zod schemas", () => {
    const jobs = (
      doc.paths["/api/v2/jobs/search"] as {
        post: { requestBody: { content: { "application/json": { schema: { properties: Record<string, { items?: { enum?: string[] } }> } } } } };
      }
    ).post;
    expect(jobs.requestBody.content["application/json"].schema.properties.types?.items?.enum).toEqual(["job", "cronjob"]);
  });

  it("is an OpenAPI 3.1 document that survives JSON", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
