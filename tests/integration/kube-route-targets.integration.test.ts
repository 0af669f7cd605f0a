// Kubernetes routes about a namespaced object (a pod's logs and shell, a service) declare
// their real target — the cluster and the object's namespace — so the route wrapper refuses
// before any lookup, as the lib functions do again.
import { beforeAll, describe, expect, it } from "vitest";
import * as logs from "@/app/api/v1/kube/logs/route";
import * as service from "@/app/api/v1/kube/service/route";
import * as shells from "@/app/api/v1/kube/shells/route";
import { HANDLER_POLICY } from "@/lib/api/handler";
import { createResource } from "@/lib/resources/write";
import { createKubePolicy } from "@/lib/users/kube-policies";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { call } from "../helpers/routes";

let admin: TestUser;
let viewer: TestUser;
let clusterId: string;

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  viewer = await makeUser();
  clusterId = (await createResource(admin.actor, "cluster", { name: "routes" })).id;
  await createKubePolicy({ ...admin.actor, via: "session" }, { userId: viewer.id, clusters: "routes", namespaces: "team-a", actions: ["view"] });
});

describe("routes declare the object's namespace as their target", () => {
  it("declares a permission, not a blanket signed-in policy", () => {
    for (const route of [logs.GET, shells.POST, service.GET])
      expect((route as unknown as Record<symbol, { permission: string } | undefined>)[HANDLER_POLICY]?.permission).toMatch(/^(read|execute)$/);
  });

  it("a service in a namespace one can't view is a 404; one that can be viewed goes on to the lookup", async () => {
    const hidden = await call(service, "GET", "/api/v1/kube/service", { key: viewer.key, query: { komodorUid: "Deployment|routes|team-b|web" } });
    expect(hidden.status).toBe(404);
    const visible = await call(service, "GET", "/api/v1/kube/service", { key: viewer.key, query: { komodorUid: "Deployment|routes|team-a|web" } });
    expect(visible.status).toBe(404); // authorized, then not found: no such service
    expect(visible.json.error.message).not.toBe(hidden.json.error.message);
  });

  it("a pod's logs and shell need logs and exec:pod on its namespace", async () => {
    const logsRes = await call(logs, "GET", "/api/v1/kube/logs", { key: viewer.key, query: { clusterId, namespace: "team-a", pod: "web-1" } });
    expect(logsRes.status).toBe(403);
    expect(logsRes.json.error.message).toBe("You may not logs in team-a");
    const shell = await call(shells, "POST", "/api/v1/kube/shells", {
      key: viewer.key,
      body: { targetType: "pod", clusterId, namespace: "team-a", pod: "web-1" },
    });
    expect(shell.status).toBe(403);
    const elsewhere = await call(logs, "GET", "/api/v1/kube/logs", { key: viewer.key, query: { clusterId, namespace: "team-b", pod: "web-1" } });
    expect(elsewhere.status).toBe(404);
    const unknownCluster = await call(logs, "GET", "/api/v1/kube/logs", { key: admin.key, query: { clusterId: "nope", namespace: "team-a", pod: "web-1" } });
    expect(unknownCluster.status).toBe(404);
  });
});
