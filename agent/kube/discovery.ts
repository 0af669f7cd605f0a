// What the cluster serves, asked rather than assumed: which group/version serves a kind
// (CronJob is batch/v1 from Kubernetes 1.21, batch/v1beta1 before; PodDisruptionBudget and
// Eviction moved to policy/v1 in 1.21/1.22), its plural name and whether it is namespaced.
import type { KubeClient } from "./rest";
import { isStatus } from "./rest";

export interface ApiResource {
  apiVersion: string;
  kind: string;
  /** Plural resource name used in paths, e.g. "deployments". */
  name: string;
  namespaced: boolean;
  verbs: string[];
}

interface ResourceList {
  resources: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

export class Discovery {
  private lists = new Map<string, Promise<ResourceList | null>>();

  constructor(private readonly client: KubeClient) {}

  /** The resources one group/version serves, or null when the cluster doesn't serve it. Cached. */
  private async list(apiVersion: string): Promise<ResourceList | null> {
    let found = this.lists.get(apiVersion);
    if (!found) {
      const path = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      found = this.client.request<ResourceList>("GET", path).catch((e) => {
        if (isStatus(e, 404)) return null;
        this.lists.delete(apiVersion); // a network error must not stick
        throw e;
      });
      this.lists.set(apiVersion, found);
    }
    return found;
  }

  /**
   * The top-level resource for a kind (subresources like deployments/scale share the kind). A kind
   * the cached list lacks is asked again once: a CustomResourceDefinition may have been added since.
   */
  async resource(apiVersion: string, kind: string): Promise<ApiResource | null> {
    const find = (list: ResourceList | null) => list?.resources.find((x) => x.kind === kind && !x.name.includes("/"));
    let r = find(await this.list(apiVersion));
    if (!r) {
      this.lists.delete(apiVersion);
      r = find(await this.list(apiVersion));
    }
    return r ? { apiVersion, kind, name: r.name, namespaced: r.namespaced, verbs: r.verbs ?? [] } : null;
  }

  /** The first of `candidates` (newest first) that serves `kind`, or null. */
  async preferred(kind: string, candidates: string[]): Promise<ApiResource | null> {
    for (const apiVersion of candidates) {
      const r = await this.resource(apiVersion, kind);
      if (r) return r;
    }
    return null;
  }

  /** Whether `resource` (e.g. "pods/eviction") exists in a group/version. */
  async hasSubresource(apiVersion: string, name: string): Promise<boolean> {
    const list = await this.list(apiVersion);
    return Boolean(list?.resources.some((r) => r.name === name));
  }

  /** The URL path of one object, or of a collection when `name` is omitted. */
  async path(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> {
    const r = await this.resource(apiVersion, kind);
    if (!r) throw new Error(`This cluster does not serve ${kind} in ${apiVersion}`);
    return objectPath(r, namespace, name);
  }

  async serverVersion(): Promise<string> {
    const v = await this.client.request<{ gitVersion: string }>("GET", "/version");
    return v.gitVersion;
  }

  /** batch/v1 when the cluster serves CronJob there, else batch/v1beta1, else null. */
  async cronJobApiVersion(): Promise<"batch/v1" | "batch/v1beta1" | null> {
    const r = await this.preferred("CronJob", ["batch/v1", "batch/v1beta1"]);
    return (r?.apiVersion as "batch/v1" | "batch/v1beta1" | undefined) ?? null;
  }

  /** The Eviction body's apiVersion: policy/v1 from Kubernetes 1.22, policy/v1beta1 before. */
  async evictionApiVersion(): Promise<string> {
    for (const v of ["policy/v1", "policy/v1beta1"]) if (await this.list(v)) return v;
    throw new Error("This cluster serves no policy API group, so pods can't be evicted");
  }
}

/**
 * One path segment. encodeURIComponent keeps "." and "..", which the URL then resolves: a name
 * ".." would address the object above (the namespace itself), so they are refused outright.
 */
function segment(value: string): string {
  if (value === "." || value === "..") throw new Error(`"${value}" is not a name`);
  return encodeURIComponent(value);
}

export function objectPath(r: Pick<ApiResource, "apiVersion" | "name" | "namespaced">, namespace?: string, name?: string): string {
  const base = r.apiVersion.includes("/") ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  const ns = r.namespaced && namespace ? `/namespaces/${segment(namespace)}` : "";
  return `${base}${ns}/${r.name}${name ? `/${segment(name)}` : ""}`;
}
