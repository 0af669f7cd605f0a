"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import type { ResourceView } from "@/lib/resources/view";
import { Button } from "../ui/button";
import { Checkbox, Input, Select } from "../ui/field";
import { ErrorState } from "../ui/states";

/** Tail N lines, or follow live (server-sent events), with a search filter applied by the server. For stacks, pick a service. */
export function ContainerLogs({ resource, plural, services }: { resource: ResourceView; plural: "deployments" | "stacks"; services?: string[] }) {
  const [service, setService] = useState(services?.[0] ?? "");
  const [tail, setTail] = useState(200);
  const [search, setSearch] = useState("");
  const [follow, setFollow] = useState(false);
  const [live, setLive] = useState<{ key: string; lines: string[] }>({ key: "", lines: [] });
  const bottom = useRef<HTMLDivElement>(null);
  const params = new URLSearchParams({ tail: String(tail), ...(search ? { search } : {}), ...(service ? { service } : {}) });
  const base = `/api/v1/${plural}/${resource.id}/logs`;
  const snapshot = useQuery({
    queryKey: ["logs", resource.id, tail, search, service],
    queryFn: () => api<{ lines: string[] }>(`${base}?${params}`),
    enabled: !follow && (!services || Boolean(service)),
  });
  useEffect(() => {
    if (!follow) return;
    const key = `${tail}|${search}|${service}`;
    const source = new EventSource(`${base}?${params}&follow=true`);
    source.onmessage = (e) => setLive((prev) => ({ key, lines: [...(prev.key === key ? prev.lines.slice(-5000) : []), JSON.parse(e.data) as string] }));
    source.addEventListener("error", () => source.close());
    return () => source.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reconnect only when the query changes
  }, [follow, resource.id, tail, search, service]);
  const lines = follow ? (live.key === `${tail}|${search}|${service}` ? live.lines : []) : (snapshot.data?.lines ?? []);
  useEffect(() => {
    // Braces matter: scrollIntoView returns a promise in newer browsers, and an effect may only return a cleanup function.
    bottom.current?.scrollIntoView({ block: "nearest" });
  }, [lines.length]);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        {services ? (
          <Select aria-label="Service" value={service} onChange={(e) => setService(e.target.value)} className="w-40">
            {services.length === 0 ? <option value="">No services yet</option> : null}
            {services.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
        ) : null}
        <Select aria-label="Lines" value={tail} onChange={(e) => setTail(Number(e.target.value))} className="w-28">
          {[100, 200, 500, 1000, 5000].map((n) => (
            <option key={n} value={n}>
              last {n}
            </option>
          ))}
        </Select>
        <Input aria-label="Search logs" placeholder="Search…" value={search} onChange={(e) => setSearch(e.target.value)} className="max-w-xs" />
        <Checkbox label="Follow" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
        {!follow ? (
          <Button variant="secondary" onClick={() => void snapshot.refetch()}>
            Refresh
          </Button>
        ) : null}
      </div>
      {snapshot.isError && !follow ? <ErrorState error={snapshot.error} /> : null}
      <pre className="h-[28rem] overflow-auto rounded-lg bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-300" data-testid="logs">
        {lines.length ? lines.join("\n") : <span className="text-zinc-500">{snapshot.isLoading ? "Loading…" : "No log lines."}</span>}
        <div ref={bottom} />
      </pre>
    </div>
  );
}
