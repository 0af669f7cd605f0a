// Pod, namespace and container names are checked where a request brings them in, before
// anything is authorized, written or sent to an agent: a name Kubernetes wouldn't accept
// ("../nodes/n1", "a/b") is a 400 naming the field, never part of an API URL.
import { beforeEach, expect, it } from "vitest";
import * as kubeLogs from "@/app/api/v1/kube/logs/route";
import * as shells from "@/app/api/v1/kube/shells/route";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { call } from "../helpers/routes";

let admin: TestUser;
let clusterId: string;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  clusterId = (await createResource(admin.actor, "cluster", { name: "prod" })).id;
});

const BAD = ["../nodes/n1", "a/b", "..", "Web", "web?x=1"];

it("a pod shell naming a bad pod, namespace or container is refused with the field, and nothing is recorded", async () => {
  const before = { sessions: await db.terminalSession.count(), updates: await db.update.count() };
  for (const bad of BAD) {
    for (const field of ["pod", "namespace", "container"] as const) {
      const body = { targetType: "pod", clusterId, namespace: "default", pod: "web-1", container: "app", [field]: bad };
      const res = await call(shells, "POST", "/api/v1/kube/shells", { key: admin.key, body });
      expect(res.status, `${field} ${bad}`).toBe(400);
      expect(Object.keys(res.json.error.fields), `${field} ${bad}`).toEqual([field]);
    }
  }
  expect({ sessions: await db.terminalSession.count(), updates: await db.update.count() }).toEqual(before);
});

it("pod logs naming a bad pod, namespace or container are refused with the field", async () => {
  for (const bad of BAD) {
    for (const field of ["pod", "namespace", "container"] as const) {
      const query = { clusterId, namespace: "default", pod: "web-1", container: "app", [field]: bad };
      const res = await call(kubeLogs, "GET", "/api/v1/kube/logs", { key: admin.key, query });
      expect(res.status, `${field} ${bad}`).toBe(400);
      expect(Object.keys(res.json.error.fields), `${field} ${bad}`).toEqual([field]);
    }
  }
});
