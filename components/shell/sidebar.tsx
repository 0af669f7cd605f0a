"use client";

import { Activity, Bell, BookOpen, Boxes, FileDown, HeartPulse, History, LayoutDashboard, Settings, Tags, Users, UsersRound } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { TYPE_NAMES } from "@/lib/resources/names";
import { TypeIcon } from "../resources/type-icon";
import { cn } from "../ui/cn";
import { NAV } from "./nav";
import { urls } from "@/lib/client/urls";

const LINK_ICONS = {
  overview: LayoutDashboard,
  alerts: Bell,
  updates: Activity,
  tags: Tags,
  users: Users,
  groups: UsersRound,
  settings: Settings,
  api: BookOpen,
  services: Boxes,
  health: HeartPulse,
  timeline: History,
  export: FileDown,
};

function NavLink({ href, active, children }: { href: string; active: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm transition-colors",
        active ? "bg-zinc-800 font-medium text-white" : "text-zinc-400 hover:bg-zinc-800/60 hover:text-zinc-100",
      )}
    >
      {children}
    </Link>
  );
}

export function Sidebar({ admin, onNavigate }: { admin: boolean; onNavigate?: () => void }) {
  const pathname = usePathname();
  const isActive = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav className="flex h-full flex-col gap-5 overflow-y-auto bg-zinc-900 px-3 py-4 dark:bg-black" aria-label="Main" onClick={onNavigate}>
      <Link href="/" className="flex items-center gap-2 px-2.5 text-white">
        <svg viewBox="0 0 32 32" className="size-7" aria-hidden>
          <circle cx="16" cy="16" r="13" fill="none" stroke="currentColor" strokeWidth="2.5" className="text-indigo-400" />
          <circle cx="16" cy="16" r="4" fill="currentColor" className="text-indigo-400" />
          {[0, 45, 90, 135].map((a) => (
            <line key={a} x1="16" y1="3" x2="16" y2="29" stroke="currentColor" strokeWidth="2" transform={`rotate(${a} 16 16)`} className="text-indigo-400" />
          ))}
        </svg>
        <span className="text-base font-semibold tracking-tight">Wheelhouse</span>
      </Link>
      {NAV.filter((s) => !s.adminOnly || admin).map((section) => (
        <div key={section.title || "top"} className="space-y-0.5">
          {section.title ? <p className="px-2.5 pb-1 text-[11px] font-semibold uppercase tracking-wider text-zinc-500">{section.title}</p> : null}
          {section.types?.map((key) => {
            const def = TYPE_NAMES[key];
            const href = `/${def.plural}`;
            return (
              <NavLink key={key} href={href} active={isActive(href)}>
                <TypeIcon type={key} /> {def.labelPlural}
              </NavLink>
            );
          })}
          {section.links?.map((link) => {
            const Icon = LINK_ICONS[link.icon];
            return (
              <NavLink key={link.href} href={link.href} active={isActive(link.href)}>
                <Icon className="size-4" aria-hidden /> {link.label}
              </NavLink>
            );
          })}
        </div>
      ))}
      <div className="mt-auto space-y-0.5 border-t border-zinc-800 pt-3">
        <NavLink href="/settings" active={isActive("/settings")}>
          <Settings className="size-4" aria-hidden /> Settings
        </NavLink>
        <a href={urls.openapi()} className="flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm text-zinc-400 hover:bg-zinc-800/60 hover:text-zinc-100">
          <BookOpen className="size-4" aria-hidden /> API reference
        </a>
      </div>
    </nav>
  );
}
