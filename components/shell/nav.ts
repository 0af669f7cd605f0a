import type { ResourceTypeKey } from "@/lib/resources/define";

export interface NavSection {
  title: string;
  types?: ResourceTypeKey[];
  links?: { href: string; label: string; icon: "overview" | "updates" | "tags" | "users" | "groups" | "settings" | "api" | "services" | "health" | "timeline" }[];
  adminOnly?: boolean;
}

export const NAV: NavSection[] = [
  { title: "", links: [{ href: "/", label: "Overview", icon: "overview" }] },
  { title: "Docker", types: ["server", "deployment", "stack", "build", "repo", "procedure", "sync"] },
  {
    title: "Kubernetes",
    types: ["cluster"],
    links: [
      { href: "/kube/services", label: "Services", icon: "services" },
      { href: "/kube/health", label: "Health", icon: "health" },
      { href: "/kube/timeline", label: "Timeline", icon: "timeline" },
    ],
  },
  { title: "Configuration", types: ["builder", "alerter", "variable", "credential"], links: [{ href: "/tags", label: "Tags", icon: "tags" }] },
  { title: "Activity", links: [{ href: "/updates", label: "Updates", icon: "updates" }] },
  {
    title: "Administration",
    adminOnly: true,
    links: [
      { href: "/admin/users", label: "Users", icon: "users" },
      { href: "/admin/groups", label: "Groups", icon: "groups" },
    ],
  },
];
