// Reference fields (a Deployment's serverId, a Build's registries[].credentialId, …) hold ids
// in Wheelhouse and names in TOML. One lookup of every resource's id and name converts both
// ways; a resource the sync is about to create is known by a placeholder until it exists.
import type { Reference, ResourceTypeKey } from "../resources/define";
import { resourceType } from "../resources/registry";

type Config = Record<string, unknown>;

export class NameIndex {
  private readonly byName = new Map<string, string>();
  private readonly byId = new Map<string, string>();

  add(type: ResourceTypeKey, id: string, name: string) {
    this.byName.set(`${type}:${name}`, id);
    this.byId.set(`${type}:${id}`, name);
  }
  /**
   * A resource the actor can't read: a config that already points at it (by id) keeps doing so
   * unchanged, but its name is not revealed and resolves to nothing.
   */
  addHidden(type: ResourceTypeKey, id: string) {
    this.byName.set(`${type}:${id}`, id);
  }
  idOf(type: ResourceTypeKey, name: string) {
    return this.byName.get(`${type}:${name}`);
  }
  nameOf(type: ResourceTypeKey, id: string) {
    return this.byId.get(`${type}:${id}`);
  }
}

/** The id a resource that doesn't exist yet stands under until it is created. */
export const placeholder = (type: ResourceTypeKey, name: string) => `(new ${type} ${name})`;

function mapRefs(ref: Reference, value: unknown, map: (v: string) => string): unknown {
  const one = (v: unknown) => (typeof v === "string" && v ? map(v) : v);
  if (!ref.many) return one(value);
  if (!Array.isArray(value)) return value;
  return value.map((item) => (ref.key ? (item && typeof item === "object" ? { ...item, [ref.key]: one((item as Config)[ref.key]) } : item) : one(item)));
}

/** A config with reference ids as names (for TOML and for diffs people read). */
export function idsToNames(type: ResourceTypeKey, config: Config, index: NameIndex): Config {
  const out = { ...config };
  for (const ref of resourceType(type).references ?? []) {
    if (ref.field in out) out[ref.field] = mapRefs(ref, out[ref.field], (id) => index.nameOf(ref.type, id) ?? id);
  }
  return out;
}

/** A config with reference names as ids; each name that names nothing is reported with its field path. */
export function namesToIds(
  type: ResourceTypeKey,
  config: Config,
  index: NameIndex,
): { config: Config; unknown: { path: (string | number)[]; message: string }[] } {
  const out = { ...config };
  const unknown: { path: (string | number)[]; message: string }[] = [];
  for (const ref of resourceType(type).references ?? []) {
    if (!(ref.field in out)) continue;
    const label = resourceType(ref.type).label.toLowerCase();
    out[ref.field] = mapRefs(ref, out[ref.field], (name) => {
      const id = index.idOf(ref.type, name);
      if (id) return id;
      unknown.push({ path: [ref.field], message: `config.${ref.field}: there is no ${label} named ${name}` });
      return name;
    });
  }
  return { config: out, unknown };
}
