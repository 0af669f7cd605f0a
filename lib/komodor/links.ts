// Absolute links into this Wheelhouse, as Komodor's `link` fields are: catalogs show them and
// append their own parameters (Port adds `&utmSource=port`), so each carries a query string.
import { env } from "../env";

const base = () => env.NEXTAUTH_URL.replace(/\/+$/, "");

export const serviceLink = (komodorUid: string) => `${base()}/kube/services/${encodeURIComponent(komodorUid)}?referer=public-api`;

export const riskLink = (id: string, checkType: string) => `${base()}/kube/health?violationId=${encodeURIComponent(id)}&checkType=${encodeURIComponent(checkType)}&referer=public-api`;

/** Epoch seconds, Komodor's timestamp unit. */
export const epochSeconds = (d: Date | string) => Math.floor(new Date(d).getTime() / 1000);
