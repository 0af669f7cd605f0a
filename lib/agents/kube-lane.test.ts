import { expect, it } from "vitest";
import { kubeLane, type ChangeMessage, type ListPage } from "./kube-lane";

const change = (name: string): ChangeMessage => ({
  type: "k8s.change",
  kind: "ConfigMap",
  action: "ADDED",
  object: { kind: "ConfigMap", metadata: { name, uid: name } },
});
const list = (name: string) => ({
  type: "k8s.list" as const,
  kind: "ConfigMap" as const,
  objects: [{ kind: "ConfigMap", metadata: { name, uid: name } }],
  page: 0,
  more: false,
});

/** A store that records what it was given, and whose writes finish only when the test says. */
function recordingStore() {
  const stored: string[] = [];
  let release: () => void = () => {};
  let gate = Promise.resolve();
  return {
    stored,
    hold: () => void (gate = new Promise<void>((r) => (release = r))),
    release: () => release(),
    store: {
      list: async (page: ListPage) => {
        await gate;
        stored.push(`list ${page.objects.map((o) => o.metadata.name).join(",")}`);
      },
      changes: async (batch: ChangeMessage[]) => {
        await gate;
        stored.push(`changes ${batch.map((c) => c.object.metadata.name).join(",")}`);
      },
      resync: () => void stored.push("resync"),
    },
  };
}

it("stores the changes that arrive while a batch is being stored as the next batch, in order", async () => {
  const s = recordingStore();
  const lane = kubeLane("agent", s.store);
  s.hold();
  lane.push(change("a"));
  await Promise.resolve(); // the first batch is taken and being stored
  lane.push(change("b"));
  lane.push(change("c"));
  s.release();
  await lane.idle();
  expect(s.stored).toEqual(["changes a", "changes b,c"]);
});

it("never moves a change across a list: changes after a list wait for it", async () => {
  const s = recordingStore();
  const lane = kubeLane("agent", s.store);
  s.hold();
  lane.push(change("a"));
  await Promise.resolve();
  lane.push(change("b"));
  lane.push(list("x"));
  lane.push(change("c"));
  s.release();
  await lane.idle();
  expect(s.stored).toEqual(["changes a", "changes b", "list x", "changes c"]);
});
