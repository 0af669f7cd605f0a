// Absolute links into this Wheelhouse, as Komodor's `link` fields are: catalogs show them and
// append their own parameters (Port adds `&utmSource=port`), so each carries a query string.
import { env } from "../env";

const base = () => env.NEXTAUTH_URL.replace(/\/+$/, "");

export const serviceLink = (komodorUid: string) => `${base()}/kube/services/${encodeURIComponent(komodorUid)}?referer=public-api`;

export const riskLink = (id: string, checkType: string) =>
  `${base()}/kube/health?violationId=${encodeURIComponent(id)}&checkType=${encodeURIComponent(checkType)}&referer=public-api`;

/** Epoch seconds, Komodor's timestamp unit. */
export const epochSeconds = (d: Date | string) => Math.floor(new Date(d).getTime() / 1000);

/** The cluster page's Jobs tab (the resource page opens the tab named by `tab`), focused on one job. */
export const jobLink = (clusterId: string, namespace: string, name: string) =>
  `${base()}/clusters/${encodeURIComponent(clusterId)}?tab=jobs&namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}&referer=public-api`;

/** The cluster page's Health tab, or its Timeline tab for an issue that is a timeline event. */
export const issueLink = (clusterId: string, tab: "health" | "timeline", id: string) =>
  `${base()}/clusters/${encodeURIComponent(clusterId)}?tab=${tab}&issueId=${encodeURIComponent(id)}&referer=public-api`;
