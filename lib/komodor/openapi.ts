// The OpenAPI 3.1 document of the public /api/v2 (Komodor-compatible). Request schemas come
// from the zod schemas the handlers parse with, so they can't drift from the behaviour; the
// response schemas follow Komodor's published ones (epoch-second timestamps, ErrorWrapper
// errors). lib/api/openapi-v2-coverage.test.ts fails when a route under app/api/v2 is missing
// here or a documented one has no route.
import { body, pathParam, queryParam, queryParams } from "../api/openapi-parts";
import { ZMonitorUpdate } from "../kube/types";
import { ZAuditFiltersQuery, ZAuditLogQuery } from "./audit";
import { ZClustersQuery } from "./clusters";
import { ZSearchClustersIssuesBody } from "./issues";
import { ZSearchJobsBody } from "./jobs";
import { ZRisksQuery } from "./risks";
import { ZSearchServicesBody } from "./services";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: "string" };
const int = { type: "integer" };
const epoch = { type: "integer", format: "int64", description: "Unix timestamp in seconds" };
const link = { type: "string", format: "uri", description: "An absolute link into Wheelhouse (it carries a query string)" };
const strMap = { type: "object", additionalProperties: { type: "string" } };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", properties, ...(required.length ? { required } : {}) });
const arrayOf = (items: unknown) => ({ type: "array", items });

const SCHEMAS = {
  FieldError: obj({ field: str, message: str }, ["field", "message"]),
  Error: obj({ code: int, message: str, requestID: str, fieldErrors: arrayOf(ref("FieldError")) }, ["code", "message"]),
  ErrorWrapper: obj({ error: ref("Error") }, ["error"]),
  ResponseMeta: obj({ pageSize: int, page: int, nextPage: int, prevPage: int }, ["pageSize", "page"]),
  ServicesMeta: obj({ pageSize: int, page: int, nextPage: int, token: { type: ["string", "null"] } }, ["pageSize"]),
  Service: obj(
    {
      uid: str,
      service: str,
      kind: str,
      cluster: str,
      namespace: str,
      status: { type: "string", enum: ["healthy", "unhealthy"] },
      labels: strMap,
      annotations: strMap,
      lastDeploy: obj({ startTime: epoch, endTime: epoch, status: { type: "string", enum: ["success", "failure", "pending", "unknown"] } }, [
        "startTime",
        "status",
      ]),
      link,
    },
    ["uid", "service", "kind", "cluster", "namespace", "status", "link"],
  ),
  SearchServicesResponse: obj({ data: obj({ services: arrayOf(ref("Service")) }, ["services"]), meta: ref("ServicesMeta") }, ["data"]),
  JobStatus: { type: "string", enum: ["failed", "running", "completed", "resumed", "suspended", "unknown"] },
  SingleJob: obj(
    {
      cluster: str,
      namespace: str,
      name: str,
      kind: str,
      uid: str,
      status: ref("JobStatus"),
      startTime: epoch,
      issueData: obj({ reason: str, errorMessage: str, podStatus: str }, ["reason", "errorMessage", "podStatus"]),
      link,
    },
    ["cluster", "namespace", "name", "kind", "status", "link"],
  ),
  SearchJobsResponse: obj({ data: obj({ jobs: arrayOf(ref("SingleJob")) }, ["jobs"]), meta: ref("ResponseMeta") }, ["data"]),
  SingleIssue: obj(
    {
      id: str,
      type: { type: "string", enum: ["availability", "failed-deploy", "node-issue", "pvc-issue", "workflow-issue"] },
      kind: str,
      cluster: str,
      namespace: str,
      name: str,
      startTime: epoch,
      endTime: epoch,
      status: { type: "string", enum: ["open", "closed"] },
      summary: str,
      details: str,
      link,
    },
    ["type", "startTime", "kind", "status", "summary", "details", "link"],
  ),
  SearchIssuesResponse: obj({ data: obj({ issues: arrayOf(ref("SingleIssue")) }, ["issues"]), meta: ref("ResponseMeta") }, ["data"]),
  SingleCluster: obj({ name: str, tags: { type: "object", additionalProperties: true }, apiServerUrl: str, clusterId: str }, ["name", "tags", "apiServerUrl"]),
  ClustersResponse: obj({ data: obj({ clusters: arrayOf(ref("SingleCluster")) }, ["clusters"]), meta: ref("ResponseMeta") }, ["data"]),
  AuditLog: obj(
    {
      id: str,
      createdAt: { type: "string", format: "date-time" },
      eventTime: { type: "string", format: "date-time" },
      accountId: str,
      userId: str,
      category: { type: "string", enum: ["account", "user", "resource", "rbac", "authentication"] },
      operation: { type: "string", enum: ["create", "read", "update", "delete", "execute"] },
      action: str,
      entityType: str,
      entityId: str,
      entityName: str,
      status: { type: "string", enum: ["success", "failure"] },
      details: { type: "object" },
      userEmail: str,
      userName: str,
      imposterEmail: { type: ["string", "null"] },
    },
    ["accountId", "userId", "category", "operation", "action", "entityType", "status", "details", "userEmail", "userName"],
  ),
  PaginatedAuditLogs: obj({ logs: arrayOf(ref("AuditLog")), totalCount: int, page: int, pageSize: int }, ["logs", "totalCount", "page", "pageSize"]),
  AuditLogFilters: obj({
    actions: arrayOf(str),
    operations: arrayOf(str),
    categories: arrayOf(str),
    entityTypes: arrayOf(str),
    userIds: arrayOf(str),
    status: arrayOf(str),
  }),
  ApiKeyValidationResponse: obj({ valid: { type: "boolean" } }, ["valid"]),
  Violation: obj(
    {
      id: str,
      checkType: str,
      komodorUid: str,
      clusterName: str,
      namespace: str,
      accountId: str,
      severity: { type: "string", enum: ["high", "medium", "low"] },
      status: str,
      createdAt: epoch,
      lastEvaluatedAt: epoch,
      link,
      supportingData: { type: "object" },
    },
    ["id", "checkType", "komodorUid", "severity", "status", "createdAt", "lastEvaluatedAt", "link"],
  ),
  GetAllHealthRisksResponse: obj({ totalResults: int, hasMoreResults: { type: "boolean" }, violations: arrayOf(ref("Violation")) }, [
    "totalResults",
    "hasMoreResults",
    "violations",
  ]),
  GetViolationResponse: obj({ violation: ref("Violation") }, ["violation"]),
};

const errorRef = (description: string) => ({ description, content: { "application/json": { schema: ref("ErrorWrapper") } } });
const ERRORS = {
  400: errorRef("Bad request"),
  401: errorRef("Missing or invalid API key"),
  403: errorRef("Forbidden"),
  404: errorRef("Not found"),
  429: errorRef("Too many requests (see Retry-After)"),
};
const okJson = (description: string, schema: string) => ({ 200: { description, content: { "application/json": { schema: ref(schema) } } } });
const op = (tag: string, summary: string, responses: object, extra: object = {}) => ({
  tags: [tag],
  summary,
  ...extra,
  responses: { ...responses, ...ERRORS },
});

/** Paths of the document, keyed as Komodor's are. */
function v2Paths(): Record<string, unknown> {
  const idParam = pathParam("id");
  return {
    "/api/v2/services/search": {
      post: op("Services", "Search services", okJson("Services", "SearchServicesResponse"), { requestBody: body(ZSearchServicesBody, false) }),
    },
    "/api/v2/jobs/search": {
      post: op("Jobs", "Search for jobs and cron jobs", okJson("Jobs", "SearchJobsResponse"), { requestBody: body(ZSearchJobsBody, false) }),
    },
    "/api/v2/clusters/issues/search": {
      post: op(
        "Issues",
        "Search for issues in cluster scope (default the last 24 h; at most 2 days wide and 7 days back)",
        okJson("Issues", "SearchIssuesResponse"),
        { requestBody: body(ZSearchClustersIssuesBody) },
      ),
    },
    "/api/v2/clusters": { get: op("Clusters", "Get list of clusters", okJson("Clusters", "ClustersResponse"), { parameters: queryParams(ZClustersQuery) }) },
    "/api/v2/health/risks": {
      get: op("Health", "Get all health risks", okJson("Health risks", "GetAllHealthRisksResponse"), { parameters: queryParams(ZRisksQuery) }),
    },
    "/api/v2/health/risks/{id}": {
      parameters: [idParam],
      get: op("Health", "Get a health risk", okJson("Health risk", "GetViolationResponse")),
      put: op("Health", "Update a health risk's status", okJson("Updated", "GetViolationResponse"), { requestBody: body(ZMonitorUpdate) }),
    },
    "/api/v2/audit-log": {
      get: op(
        "Audit Logs",
        "Query audit logs",
        {
          200: {
            description: "Audit logs (JSON), or every matching log as CSV with `Accept: text/csv` (paging and time window ignored)",
            headers: { "Content-Disposition": { schema: { type: "string", example: "attachment;filename=audit_log.csv" } } },
            content: { "application/json": { schema: ref("PaginatedAuditLogs") }, "text/csv": { schema: { type: "string" } } },
          },
        },
        {
          parameters: [
            queryParam("Accept", "application/json (default) or text/csv", false, { type: "string", default: "application/json" }),
            ...queryParams(ZAuditLogQuery),
          ].map((p) => (p.name === "Accept" ? { ...p, in: "header" } : p)),
        },
      ),
    },
    "/api/v2/audit-log/filters": {
      get: op("Audit Logs", "Get available filter values for Query Audit Logs", okJson("Filter values", "AuditLogFilters"), {
        parameters: queryParams(ZAuditFiltersQuery),
      }),
    },
    "/api/v2/apikey/validate": { get: op("ApiKey", "Validate API Key", okJson("The key is valid", "ApiKeyValidationResponse")) },
    "/api/v2/openapi.json": {
      get: {
        tags: ["Documentation"],
        summary: "This document",
        security: [],
        responses: { 200: { description: "OpenAPI 3.1 document", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
  };
}

export function komodorOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Wheelhouse public API (Komodor-compatible)",
      version: "2.0.0",
      description:
        "Komodor's /api/v2 over Wheelhouse: send an `X-API-KEY` header. Results are filtered by the key owner's Kubernetes RBAC and the key's cluster/namespace scope. Timestamps are epoch seconds.",
    },
    servers: [{ url: "/" }],
    components: { securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "X-API-KEY" } }, schemas: SCHEMAS },
    security: [{ apiKey: [] }],
    paths: v2Paths(),
  };
}
