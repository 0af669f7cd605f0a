// The Kubernetes and execution half of the /api/v1 OpenAPI document: cluster reads and actions,
// Kubernetes policies, shells, logs, and what runs against one resource (executions, agent
// enrollment, server inventory and stats). lib/api/openapi-coverage.test.ts checks it against the routes.
import { z } from "zod";
import { ZLogsQuery, ZPodRef } from "../executions/logs";
import { ZAllContainersOptions, ZDeleteImage, ZDeleteNetwork, ZDeleteVolume } from "../executions/server";
import { EXECUTIONS } from "../resources/executions";
import { ZRollbackOptions } from "../resources/deployment/executions";
import { ZRepoPullOptions } from "../resources/repo/executions";
import { ZStackDestroyOptions } from "../resources/stack/executions";
import { ZStatsQuery } from "../servers/stats";
import { ZKubeActionInput } from "../kube/actions";
import { ZObjectRef } from "../kube/object";
import { ZMonitorQuery, ZMonitorUpdate, ZTimelineQuery } from "../kube/types";
import { resourceType, type ResourceTypeKey } from "../resources/registry";
import { ZOpenTerminalInput } from "../terminal/open";
import { ZCreateKubePolicyInput } from "../users/kube-policies";
import { agentErrors, body, errorResponse, errors, idParam, list, noContent, ok, pathParam, queryParam, queryParams, updateStarted } from "./openapi-parts";

const KUBE = "Kubernetes";
const clusterId = queryParam("clusterId", "The cluster's id", true);
const plural = (key: ResourceTypeKey) => resourceType(key).plural;
const tagOf = (key: ResourceTypeKey) => resourceType(key).labelPlural;
// The discriminated union's two shapes: a host/container/service shell, and a pod shell.
const [ZHostShell, ZPodShell] = ZOpenTerminalInput.options;

const shellOpened = { 201: ok("The session; attach with /api/ws/terminal?session=ID") };

/** The last lines as JSON, or with follow=true a live server-sent event stream. */
const logsResponse = {
  200: {
    description: "Log lines",
    content: {
      "application/json": { schema: { type: "object", properties: { lines: { type: "array", items: { type: "string" } } }, required: ["lines"] } },
      "text/event-stream": { schema: { type: "string" } },
    },
  },
};

function kubePaths(): Record<string, unknown> {
  const read = (summary: string, parameters: object[], description = "Found") => ({
    get: { tags: [KUBE], summary, parameters, responses: { 200: ok(description), ...errors } },
  });
  return {
    "/api/v1/kube/access": read("Kubernetes actions you may run in a cluster", [clusterId]),
    "/api/v1/kube/actions": {
      post: {
        tags: [KUBE],
        summary: "Run a Kubernetes action (scale, restart, roll back, delete, drain, edit…)",
        requestBody: body(ZKubeActionInput),
        responses: { ...updateStarted, ...agentErrors },
      },
    },
    "/api/v1/kube/health": {
      get: { tags: [KUBE], summary: "Health monitors you may see", parameters: queryParams(ZMonitorQuery), responses: { 200: list("Monitors"), ...errors } },
    },
    "/api/v1/kube/health/{id}": {
      parameters: [idParam],
      patch: { tags: [KUBE], summary: "Set a health monitor's status", requestBody: body(ZMonitorUpdate), responses: { 200: ok("The monitor"), ...errors } },
    },
    "/api/v1/kube/jobs": read("Jobs and CronJobs of a cluster", [clusterId]),
    "/api/v1/kube/logs": {
      get: {
        tags: [KUBE],
        summary: "A pod's logs",
        parameters: [...queryParams(ZPodRef), ...queryParams(ZLogsQuery.omit({ service: true }))],
        responses: { ...logsResponse, ...agentErrors },
      },
    },
    "/api/v1/kube/nodes": read("Nodes of a cluster", [clusterId]),
    "/api/v1/kube/object": read("One stored Kubernetes object (status left out) and whether you may edit it", queryParams(ZObjectRef)),
    "/api/v1/kube/service": read("One service with its pods, autoscaler and the actions you may run", [queryParam("komodorUid", "The service's uid", true)]),
    "/api/v1/kube/services": {
      get: {
        tags: [KUBE],
        summary: "Services (workloads) you may see",
        parameters: [queryParam("clusterId", "Only this cluster"), queryParam("namespace", "Only this namespace"), queryParam("q", "Search by name")],
        responses: { 200: list("Services"), ...errors },
      },
    },
    "/api/v1/kube/shells": {
      post: { tags: [KUBE], summary: "Open a shell in a pod's container", requestBody: body(ZPodShell), responses: { ...shellOpened, ...agentErrors } },
    },
    "/api/v1/kube/timeline": {
      get: {
        tags: [KUBE],
        summary: "Timeline events you may see",
        parameters: queryParams(ZTimelineQuery),
        responses: { 200: list("Events, newest first"), ...errors },
      },
    },
    "/api/v1/kube-policies": {
      get: {
        tags: ["Kubernetes policies (admin)"],
        summary: "List Kubernetes policies",
        parameters: [
          queryParam("effectiveFor", "A user id: their policies and their groups', each saying where it comes from"),
          queryParam("userId", "Only this user's own policies"),
          queryParam("userGroupId", "Only this group's policies"),
        ],
        responses: { 200: list("Policies"), ...errors },
      },
      post: {
        tags: ["Kubernetes policies (admin)"],
        summary: "Create a Kubernetes policy",
        requestBody: body(ZCreateKubePolicyInput),
        responses: { 201: ok("Created"), ...errors },
      },
    },
    "/api/v1/kube-policies/{id}": {
      parameters: [idParam],
      delete: { tags: ["Kubernetes policies (admin)"], summary: "Delete a Kubernetes policy", responses: { ...noContent("Deleted"), ...errors } },
    },
    "/api/v1/terminals": {
      post: {
        tags: ["Terminals"],
        summary: "Open a shell on a server, deployment or stack service",
        requestBody: body(ZHostShell),
        responses: { ...shellOpened, ...agentErrors },
      },
    },
  };
}

/** What runs against one resource: app/api/v1/[type]/[id]/{execute,agent,logs,inventory,stats,git-head,schedule,plan}, and the export. */
function resourcePaths(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [key, operations] of Object.entries(EXECUTIONS) as [ResourceTypeKey, Record<string, unknown>][]) {
    paths[`/api/v1/${plural(key)}/{id}/execute/{operation}`] = {
      parameters: [idParam, pathParam("operation", { type: "string", enum: Object.keys(operations) })],
      post: {
        tags: [tagOf(key)],
        summary: `Run an operation on a ${resourceType(key).label}`,
        ...(key === "stack" ? { requestBody: { ...body(ZStackDestroyOptions, false), description: "Only destroy reads a body" } } : {}),
        ...(key === "server"
          ? {
              requestBody: {
                ...body(z.union([ZAllContainersOptions, ZDeleteImage, ZDeleteVolume, ZDeleteNetwork]), false),
                description:
                  "delete-image reads {image, force}, delete-volume {volume}, delete-network {network}; start/stop/restart-all-containers may take {label} to act only on containers with that label",
              },
            }
          : {}),
        ...(key === "deployment" ? { requestBody: { ...body(ZRollbackOptions, false), description: "Only rollback reads a body" } } : {}),
        ...(key === "repo" ? { requestBody: { ...body(ZRepoPullOptions, false), description: "Only pull reads a body" } } : {}),
        responses: { ...updateStarted, ...agentErrors },
      },
    };
  }
  // The agent route serves the two types an agent runs on (its HOSTS table).
  for (const key of ["server", "cluster"] as const) {
    paths[`/api/v1/${plural(key)}/{id}/agent`] = {
      parameters: [idParam],
      post: {
        tags: [tagOf(key)],
        summary: "Create an enrollment token for the agent (shown once)",
        responses: {
          201: ok("Token", {
            type: "object",
            properties: { token: { type: "string" }, agentId: { type: "string" }, expiresAt: { type: "string", format: "date-time" } },
          }),
          ...errors,
        },
      },
      delete: { tags: [tagOf(key)], summary: "Revoke the agent's credential and disconnect it", responses: { ...noContent("Revoked"), ...errors } },
    };
  }
  for (const key of ["deployment", "stack"] as const) {
    const query = key === "stack" ? ZLogsQuery.omit({ container: true, previous: true }) : ZLogsQuery.omit({ service: true, container: true, previous: true });
    paths[`/api/v1/${plural(key)}/{id}/logs`] = {
      parameters: [idParam],
      get: { tags: [tagOf(key)], summary: "Container logs", parameters: queryParams(query), responses: { ...logsResponse, ...agentErrors } },
    };
  }
  const server = tagOf("server");
  paths[`/api/v1/${plural("server")}/{id}/inventory`] = {
    parameters: [idParam],
    get: { tags: [server], summary: "Containers, images, networks and volumes, asked of the agent", responses: { 200: ok("Inventory"), ...agentErrors } },
  };
  for (const key of ["repo", "build", "stack"] as const)
    paths[`/api/v1/${plural(key)}/{id}/git-head`] = {
      parameters: [idParam],
      get: {
        tags: [tagOf(key)],
        summary: "The commit the remote's branch points at now, asked through the agent that clones it (needs Execute)",
        responses: { 200: ok("Branch and commit"), ...agentErrors },
      },
    };
  paths[`/api/v1/${plural("procedure")}/{id}/schedule`] = {
    parameters: [idParam],
    get: {
      tags: [tagOf("procedure")],
      summary: "The schedule: its cron expression, timezone, next 5 runs and recent ticks (run, missed or failed)",
      responses: { 200: ok("Schedule"), ...errors },
    },
  };
  paths[`/api/v1/${plural("sync")}/{id}/plan`] = {
    parameters: [idParam],
    post: {
      tags: [tagOf("sync")],
      summary:
        "Refresh: read the sync's TOML and plan it against what you may read — per resource create, update, delete or unchanged with a field-level diff, deploy decisions, every error with file, line and column, and the plan's hash that execute takes",
      responses: { 200: ok("Plan"), ...errors },
    },
  };
  paths["/api/v1/export"] = {
    get: {
      tags: [tagOf("sync")],
      summary: "Everything you may read (or ?types=a,b&tag=&names=a,b) as sync TOML that round-trips; secret values are never exported",
      responses: { 200: { description: "TOML", content: { "application/toml": { schema: { type: "string" } } } }, ...errors },
    },
  };
  paths[`/api/v1/${plural("alerter")}/{id}/test`] = {
    parameters: [idParam],
    post: {
      tags: [tagOf("alerter")],
      summary:
        "Send a test alert through the alerter now; 200 once its endpoint accepted it, 502 with the endpoint's reason otherwise (audited as a TestAlerter Update)",
      responses: { 200: ok("Sent"), 502: errorResponse, ...errors },
    },
  };
  paths[`/api/v1/${plural("alerter")}/{id}/deliveries`] = {
    parameters: [idParam],
    get: {
      tags: [tagOf("alerter")],
      summary: "The latest 50 deliveries: alert, event, status (pending, sent, failed, suppressed), attempts and the last error",
      responses: { 200: ok("Deliveries"), ...errors },
    },
  };
  paths[`/api/v1/${plural("server")}/{id}/stats`] = {
    parameters: [idParam],
    get: { tags: [server], summary: "CPU, memory and disk history", parameters: queryParams(ZStatsQuery), responses: { 200: list("Samples"), ...errors } },
  };
  return paths;
}

export function kubeAndExecutionPaths(): Record<string, unknown> {
  return { ...kubePaths(), ...resourcePaths() };
}
