// A sync's plan: for every declared resource, create / update / unchanged with a field-level
// diff, and deletes (only with `deleteMissing`, only resources this sync manages, only within
// its match tags — never because the sync is "managed"). A field the TOML omits keeps its
// current value unless the sync resets omitted fields, and then each reset is its own change.
// Every problem (a bad value, an unknown reference or `after`, a cycle) is reported with its
// position, and a plan with errors applies nothing.
import { createHash } from "node:crypto";
import { resourceType } from "../resources/registry";
import { revealSecret, secretFieldsOf } from "../resources/secret-fields";
import { SECRET_MASK } from "../resources/view";
import { fieldErrorsOf } from "./validate";
import { deployDecisions } from "./deploy-plan";
import { idsToNames, namesToIds, placeholder } from "./refs";
import type { Located } from "./read";
import type { FieldChange, PlanItem, SyncError, SyncPlan } from "./types";
import { SYNCED_BY, type Existing, type World } from "./world";

type Config = Record<string, unknown>;

export interface PlanOptions {
  syncId: string;
  resetOmitted: boolean;
  deleteMissing: boolean;
  matchTags: string[];
  /** Whether Variables are synced (and so may be deleted). */
  includeVariables: boolean;
}

/** What executing needs beyond what the browser sees: each item's full desired config (references by name). */
export interface PlannedItem extends PlanItem {
  existing?: Existing;
  desired?: { description: string; tags: string[]; config: Config; secrets: Config };
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Config).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
const equal = (a: unknown, b: unknown) => stable(a) === stable(b);

export function computePlan(declared: Located[], parseErrors: SyncError[], world: World, opts: PlanOptions): { plan: SyncPlan; items: PlannedItem[] } {
  const errors: SyncError[] = [...parseErrors];
  const items: PlannedItem[] = [];
  const seen = new Map<string, Located>();
  for (const d of declared) {
    const key = `${d.type}:${d.name}`;
    const first = seen.get(key);
    if (first) errors.push({ ...d.at, message: `${d.type} ${d.name} is declared twice (first at ${first.at.file}:${first.at.line})` });
    else seen.set(key, d);
  }
  // Names resolve to existing resources, or to ones this sync creates.
  for (const d of seen.values()) if (!world.index.idOf(d.type, d.name)) world.index.add(d.type, placeholder(d.type, d.name), d.name);

  for (const d of seen.values()) {
    const existing = world.resources.get(`${d.type}:${d.name}`);
    if (existing?.template) {
      errors.push({ ...d.at, message: `${d.type} ${d.name} is a template; templates are not synced` });
      continue;
    }
    const item = planOne(d, existing, world, opts, errors);
    if (item) items.push(item);
  }
  if (opts.deleteMissing) items.push(...deletes(seen, world, opts));
  deployDecisions(items, seen, errors, world);
  const visible = items.map(({ existing: _e, desired: _d, ...item }) => item);
  const hash = createHash("sha256").update(stable(visible)).digest("hex").slice(0, 32);
  return { plan: { items: errors.length ? [] : visible, errors, hash, computedAt: new Date().toISOString() }, items: errors.length ? [] : items };
}

function planOne(d: Located, existing: Existing | undefined, world: World, opts: PlanOptions, errors: SyncError[]): PlannedItem | null {
  const def = resourceType(d.type);
  // Compared as stored configs are written (defaults filled), so an older row missing a new field isn't a change.
  const normalized = existing ? def.config.safeParse(existing.config) : undefined;
  const currentConfig = normalized?.success ? (normalized.data as Config) : (existing?.config ?? {});
  const secretFields = secretFieldsOf(def, { ...currentConfig, ...d.config });
  const currentNamed = existing ? idsToNames(d.type, currentConfig, world.index) : {};
  const declaredSecrets = Object.fromEntries(Object.entries(d.config).filter(([k]) => secretFields.has(k)));
  const declaredPlain = Object.fromEntries(Object.entries(d.config).filter(([k]) => !secretFields.has(k)));
  const base = existing && !opts.resetOmitted ? currentNamed : {};
  const { config: withIds, unknown } = namesToIds(d.type, { ...base, ...declaredPlain }, world.index);
  const parsed = def.config.safeParse({ ...withIds, ...declaredSecrets });
  const problems = [...unknown, ...(parsed.success ? [] : fieldErrorsOf(parsed.error))];
  if (problems.length) {
    for (const p of problems) errors.push({ ...d.locate(p.path), message: `${d.type} ${d.name}: ${p.message}` });
    return null;
  }
  const full = parsed.data as Config;
  const desiredConfig = idsToNames(d.type, Object.fromEntries(Object.entries(full).filter(([k]) => !secretFields.has(k))), world.index);
  const description = d.description ?? (existing && !opts.resetOmitted ? existing.description : "");
  const tags = d.tags ?? (existing && !opts.resetOmitted ? existing.tags : []);
  const changes: FieldChange[] = [];
  const from = existing ? currentNamed : {};
  const omitted = (field: string) => !(field in d.config);
  if (existing) {
    for (const field of new Set([...Object.keys(from), ...Object.keys(desiredConfig)])) {
      if (!equal(from[field], desiredConfig[field]))
        changes.push({ path: `config.${field}`, from: from[field], to: desiredConfig[field], ...(opts.resetOmitted && omitted(field) ? { reset: true } : {}) });
    }
    for (const [field, value] of Object.entries(declaredSecrets))
      if (revealSecret(existing.secrets, field) !== value) changes.push({ path: `config.${field}`, from: SECRET_MASK, to: SECRET_MASK });
    if (description !== existing.description)
      changes.push({ path: "description", from: existing.description, to: description, ...(d.description === undefined ? { reset: true } : {}) });
    if (!equal([...existing.tags].sort(), [...tags].sort()))
      changes.push({ path: "tags", from: existing.tags, to: tags, ...(d.tags === undefined ? { reset: true } : {}) });
  } else {
    for (const [field, value] of Object.entries(desiredConfig)) if (!omitted(field)) changes.push({ path: `config.${field}`, from: undefined, to: value });
    for (const field of Object.keys(declaredSecrets)) changes.push({ path: `config.${field}`, from: undefined, to: SECRET_MASK });
    // What it is created with beyond its config, so the reviewed diff is the whole of it.
    if (description) changes.push({ path: "description", from: undefined, to: description });
    if (tags.length) changes.push({ path: "tags", from: undefined, to: tags });
  }
  return {
    key: `${d.type}:${d.name}`,
    type: d.type,
    name: d.name,
    action: existing ? (changes.length ? "update" : "unchanged") : "create",
    changes,
    deploy: { will: false, reason: "" },
    after: d.after,
    at: d.at,
    existing,
    desired: { description, tags, config: desiredConfig, secrets: declaredSecrets },
  };
}

function deletes(declared: Map<string, Located>, world: World, opts: PlanOptions): PlannedItem[] {
  const out: PlannedItem[] = [];
  for (const [key, r] of world.resources) {
    if (declared.has(key) || r.template || r.info[SYNCED_BY] !== opts.syncId || (r.type === "variable" && !opts.includeVariables)) continue;
    if (!opts.matchTags.every((t) => r.tags.includes(t))) continue;
    out.push({ key, type: r.type, name: r.name, action: "delete", changes: [], deploy: { will: false, reason: "" }, after: [], existing: r });
  }
  return out;
}
