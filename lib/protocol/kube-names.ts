// Kubernetes names that become parts of API URLs (/api/v1/namespaces/<ns>/pods/<pod>/log,
// …/exec?container=<c>). Kubernetes itself allows nothing else, so anything else is refused
// before it gets near a URL: by core when a request names it, and by the agent when a
// command carries it. Encoding alone isn't enough: "..", kept as is by encodeURIComponent,
// would walk up the path to another resource.
import { z } from "zod";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const label = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .max(63, `${what} has at most 63 characters`)
    .regex(DNS_LABEL, `${what} is lowercase letters, digits and '-', starting and ending with a letter or digit`);

export const ZNamespaceName = label("A namespace name");
export const ZContainerName = label("A container name");
const subdomain = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .max(253, `${what} has at most 253 characters`)
    .regex(DNS_SUBDOMAIN, `${what} is lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit`);

export const ZPodName = subdomain("A pod name");
/** Workloads, Jobs, CronJobs and Nodes: DNS subdomain names, like pods. */
export const ZObjectName = subdomain("An object name");
/**
 * The name of an object of any kind (a generic delete): kinds differ in what they allow (an RBAC
 * role may hold ':'), so only what would leave the object's own URL segment is refused.
 */
export const ZAnyObjectName = z
  .string({ error: "A name is required" })
  .min(1, "A name is required")
  .max(253, "A name has at most 253 characters")
  .refine((name) => name !== "." && name !== ".." && !/[/?#%\\]/.test(name), "A name can't be '.', '..' or contain '/', '?', '#', '%' or '\\'");
