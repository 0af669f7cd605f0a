import type { ResourceTypeKey } from "@/lib/resources/define";
import { TYPE_ORDER } from "@/lib/resources/names";
import { RESOURCE_UI, type NAV_GROUPS } from "../resources/registry";

/** The types a sidebar group lists, in registry order (each type names its group in components/resources/<type>/meta.ts). */
const typesIn = (group: (typeof NAV_GROUPS)[number]) => TYPE_ORDER.filter((key) => RESOURCE_UI[key].navGroup === group);

export interface NavSection {
  title: string;
  types?: ResourceTypeKey[];
  links?: {
    href: string;
    label: string;
    icon: "overview" | "alerts" | "updates" | "tags" | "users" | "groups" | "settings" | "api" | "services" | "health" | "timeline" | "export";
  }[];
  adminOnly?: boolean;
}

export const NAV: NavSection[] = [
  { title: "", links: [{ href: "/", label: "Overview", icon: "overview" }] },
  { title: "Docker", types: typesIn("Docker") },
  {
    title: "Kubernetes",
    types: typesIn("Kubernetes"),
    links: [
      { href: "/kube/services", label: "Services", icon: "services" },
      { href: "/kube/health", label: "Health", icon: "health" },
      { href: "/kube/timeline", label: "Timeline", icon: "timeline" },
    ],
  },
  {
    title: "Configuration",
    types: typesIn("Configuration"),
    links: [
      { href: "/tags", label: "Tags", icon: "tags" },
      { href: "/export", label: "Export", icon: "export" },
    ],
  },
  {
    title: "Activity",
    links: [
      { href: "/alerts", label: "Alerts", icon: "alerts" },
      { href: "/updates", label: "Updates", icon: "updates" },
    ],
  },
  {
    title: "Administration",
    adminOnly: true,
    links: [
      { href: "/admin/users", label: "Users", icon: "users" },
      { href: "/admin/groups", label: "Groups", icon: "groups" },
    ],
  },
];
