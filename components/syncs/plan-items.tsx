"use client";

import { ChevronDown, ChevronRight, Rocket } from "lucide-react";
import { Fragment, useState } from "react";
import { TYPE_NAMES } from "@/lib/resources/names";
import type { PlanItem } from "@/lib/sync/types";
import { Badge, type Tone } from "../ui/badge";
import { FieldDiff } from "./field-diff";

/** What executing would do with an item: its config action, or only a deploy. */
export type ItemKind = "create" | "update" | "delete" | "deploy" | "unchanged";
export const kindOf = (i: PlanItem): ItemKind => (i.action === "unchanged" ? (i.deploy.will ? "deploy" : "unchanged") : i.action);
/** Items that executing would act on (the rest are shown, not selectable). */
export const actionable = (i: PlanItem) => kindOf(i) !== "unchanged";

const GROUPS: { kind: ItemKind; title: string; tone: Tone }[] = [
  { kind: "create", title: "Create", tone: "green" },
  { kind: "update", title: "Update", tone: "amber" },
  { kind: "delete", title: "Delete", tone: "red" },
  { kind: "deploy", title: "Deploy only", tone: "sky" },
];
export const TONE_OF: Record<ItemKind, Tone> = { create: "green", update: "amber", delete: "red", deploy: "sky", unchanged: "slate" };

/** The plan's items grouped by what happens to them, each selectable, with its field diff on demand. */
export function PlanItems({
  items,
  selected,
  onSelect,
  selectable,
}: {
  items: PlanItem[];
  selected: ReadonlySet<string>;
  onSelect: (keys: string[], on: boolean) => void;
  selectable: boolean;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) => setOpen((s) => (s.has(key) ? new Set([...s].filter((k) => k !== key)) : new Set([...s, key])));
  const unchanged = items.filter((i) => kindOf(i) === "unchanged");

  return (
    <div className="space-y-4">
      {unchanged.length < items.length ? (
        <table className="w-full text-left text-sm" data-testid="plan-items">
          <thead className="text-xs text-zinc-500">
            <tr>
              <th className="w-8 py-1" />
              <th className="py-1 pr-4 font-medium">Resource</th>
              <th className="py-1 pr-4 font-medium">Action</th>
              <th className="py-1 pr-4 font-medium">Deploy</th>
              <th className="py-1 font-medium">Changes</th>
            </tr>
          </thead>
          {GROUPS.map((group) => {
            const rows = items.filter((i) => kindOf(i) === group.kind);
            if (!rows.length) return null;
            const all = rows.every((r) => selected.has(r.key));
            return (
              <tbody key={group.kind} className="border-t border-zinc-200 dark:border-zinc-800" data-testid={`plan-group-${group.kind}`}>
                <tr className="bg-zinc-50 dark:bg-zinc-950/50">
                  <td className="py-1.5 pl-1">
                    {selectable ? (
                      <input
                        type="checkbox"
                        className="size-4 rounded border-zinc-300 text-indigo-600 dark:border-zinc-600 dark:bg-zinc-900"
                        aria-label={`Select every ${group.title.toLowerCase()} item`}
                        checked={all}
                        onChange={(e) =>
                          onSelect(
                            rows.map((r) => r.key),
                            e.target.checked,
                          )
                        }
                      />
                    ) : null}
                  </td>
                  <td colSpan={4} className="py-1.5 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
                    {group.title} ({rows.length})
                  </td>
                </tr>
                {rows.map((item) => (
                  <Fragment key={item.key}>
                    <ItemRow
                      item={item}
                      expanded={open.has(item.key)}
                      onExpand={() => toggle(item.key)}
                      selectable={selectable}
                      checked={selected.has(item.key)}
                      onCheck={(on) => onSelect([item.key], on)}
                    />
                    {open.has(item.key) ? (
                      <tr>
                        <td />
                        <td colSpan={4} className="pt-1 pb-3 pr-2">
                          <div className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                            {item.action === "delete" ? (
                              <p className="text-sm text-red-700 dark:text-red-300">
                                Deleted: it was created or last synced by this sync and is no longer declared.
                              </p>
                            ) : (
                              <FieldDiff changes={item.changes} testId={`diff-${item.key}`} />
                            )}
                            {item.after.length ? <p className="mt-2 text-xs text-zinc-500">Deploys after: {item.after.join(", ")}</p> : null}
                          </div>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            );
          })}
        </table>
      ) : null}
      {unchanged.length ? (
        <details className="text-sm" data-testid="plan-unchanged">
          <summary className="cursor-pointer text-zinc-500">
            {unchanged.length} unchanged resource{unchanged.length === 1 ? "" : "s"}
          </summary>
          <ul className="mt-2 flex flex-wrap gap-1.5">
            {unchanged.map((i) => (
              <li key={i.key}>
                <Badge>
                  {TYPE_NAMES[i.type].label} {i.name}
                </Badge>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function ItemRow({
  item,
  expanded,
  onExpand,
  selectable,
  checked,
  onCheck,
}: {
  item: PlanItem;
  expanded: boolean;
  onExpand: () => void;
  selectable: boolean;
  checked: boolean;
  onCheck: (on: boolean) => void;
}) {
  const kind = kindOf(item);
  const label = `${TYPE_NAMES[item.type].label} ${item.name}`;
  return (
    <tr className="border-t border-zinc-100 align-top dark:border-zinc-800/60" data-testid={`plan-item-${item.key}`}>
      <td className="py-2 pl-1">
        {selectable ? (
          <input
            type="checkbox"
            className="size-4 rounded border-zinc-300 text-indigo-600 dark:border-zinc-600 dark:bg-zinc-900"
            aria-label={`Select ${label}`}
            checked={checked}
            onChange={(e) => onCheck(e.target.checked)}
          />
        ) : null}
      </td>
      <td className="py-2 pr-4">
        <span className="text-zinc-500">{TYPE_NAMES[item.type].label}</span> <span className="font-medium">{item.name}</span>
        {item.at ? <div className="font-mono text-xs text-zinc-400">{`${item.at.file}:${item.at.line}`}</div> : null}
      </td>
      <td className="py-2 pr-4">
        <Badge tone={TONE_OF[kind]}>{kind}</Badge>
      </td>
      <td className="py-2 pr-4">
        {item.deploy.will ? (
          <span className="inline-flex items-start gap-1.5">
            <Rocket className="mt-0.5 size-3.5 shrink-0 text-sky-600 dark:text-sky-400" aria-hidden />
            <span>
              {item.deploy.ifChanged ? "Deploys if its files changed" : "Deploys"}
              {item.deploy.reason ? <span className="block text-xs text-zinc-500">{item.deploy.reason}</span> : null}
            </span>
          </span>
        ) : (
          <span className="text-zinc-400" title={item.deploy.reason || undefined}>
            {item.deploy.reason ? <span className="text-xs">No deploy: {item.deploy.reason}</span> : "—"}
          </span>
        )}
      </td>
      <td className="py-2">
        <button
          type="button"
          onClick={onExpand}
          aria-expanded={expanded}
          aria-label={`${expanded ? "Hide" : "Show"} the changes to ${label}`}
          className="inline-flex items-center gap-1 rounded px-1 text-indigo-600 hover:underline dark:text-indigo-400"
        >
          {expanded ? <ChevronDown className="size-3.5" /> : <ChevronRight className="size-3.5" />}
          {item.action === "delete" ? "why" : `${item.changes.length} field${item.changes.length === 1 ? "" : "s"}`}
        </button>
      </td>
    </tr>
  );
}
