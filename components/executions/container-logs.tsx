"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import { logKeys } from "@/lib/client/keys";
import { Button } from "../ui/button";
import { Checkbox, Input, Select } from "../ui/field";
import { ErrorState } from "../ui/states";

/**
 * Tail N lines, or follow live (server-sent events), with a search filter applied by the
 * server. `base` is the logs endpoint (urls.resources.logs for a deployment or a stack, urls.kube.logs with
 * `fixed` naming the pod); stacks pick a service, pods a container and the previous one.
 */
export function ContainerLogs({
  base,
  fixed = {},
  services,
  containers,
}: {
  base: string;
  fixed?: Record<string, string>;
  services?: string[];
  containers?: string[];
}) {
  const [service, setService] = useState(services?.[0] ?? "");
  const [container, setContainer] = useState(containers?.[0] ?? "");
  const [previous, setPrevious] = useState(false);
  const [tail, setTail] = useState(200);
  const [search, setSearch] = useState("");
  const [follow, setFollow] = useState(false);
  const [live, setLive] = useState<{ key: string; lines: string[] }>({ key: "", lines: [] });
  const bottom = useRef<HTMLDivElement>(null);
  const params = new URLSearchParams({
    ...fixed,
    tail: String(tail),
    ...(search ? { search } : {}),
    ...(service ? { service } : {}),
    ...(container ? { container } : {}),
    ...(previous ? { previous: "true" } : {}),
  });
  const snapshot = useQuery({
    queryKey: logKeys.snapshot(base, params.toString()),
    queryFn: () => api<{ lines: string[] }>(`${base}?${params}`),
    enabled: !follow && (!services || Boolean(service)),
  });
  useEffect(() => {
    if (!follow) return;
    const key = params.toString();
    const source = new EventSource(`${base}?${params}&follow=true`);
    source.onmessage = (e) => setLive((prev) => ({ key, lines: [...(prev.key === key ? prev.lines.slice(-5000) : []), JSON.parse(e.data) as string] }));
    source.addEventListener("error", () => source.close());
    return () => source.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reconnect only when the query changes
  }, [follow, base, params.toString()]);
  const lines = follow ? (live.key === params.toString() ? live.lines : []) : (snapshot.data?.lines ?? []);
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
        {containers && containers.length > 1 ? (
          <Select aria-label="Container" value={container} onChange={(e) => setContainer(e.target.value)} className="w-40">
            {containers.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        ) : null}
        {containers ? <Checkbox label="Previous container" checked={previous} onChange={(e) => setPrevious(e.target.checked)} /> : null}
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
