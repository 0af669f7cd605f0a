"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Copy, Download } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/client/api";
import { exportKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { ResourceTypeKey } from "@/lib/resources/define";
import { TYPE_NAMES, TYPE_ORDER } from "@/lib/resources/names";
import { useTags } from "../resources/tags";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { CodeEditor } from "../ui/code-editor";
import { Checkbox, Field, Input, Select } from "../ui/field";
import { ErrorState } from "../ui/states";

type Query = { types: ResourceTypeKey[]; tag: string; names: string };

/** The export answers TOML text, not JSON: read it as text and its errors as the API's JSON. */
async function fetchToml(query: Query): Promise<string> {
  const res = await fetch(urls.export({ types: query.types, tag: query.tag, names: query.names }), { credentials: "same-origin" });
  if (!res.ok) {
    const error = ((await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } }).error ?? {};
    throw new ApiError(res.status, error.code ?? "HTTP", error.message ?? `Export failed (${res.status})`);
  }
  return res.text();
}

/** Pick what to export (types, a tag, names), see the TOML, copy or download it. */
export function ExportView() {
  const { data: tags = [] } = useTags();
  const [types, setTypes] = useState<ResourceTypeKey[]>([]);
  const [tag, setTag] = useState("");
  const [namesDraft, setNamesDraft] = useState("");
  // Names are applied on Enter or leaving the field, not on each keystroke.
  const [names, setNames] = useState("");
  const query: Query = { types, tag, names };
  const toml = useQuery({ queryKey: exportKeys.toml(query), queryFn: () => fetchToml(query), placeholderData: keepPreviousData, refetchOnWindowFocus: false });
  const text = toml.data ?? "";
  const count = (text.match(/^\[\[/gm) ?? []).length;

  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => toast.success("Copied"),
      () => toast.error("The browser refused the clipboard: select the text and copy it"),
    );
  const download = () => {
    const href = URL.createObjectURL(new Blob([text], { type: "application/toml" }));
    const a = Object.assign(document.createElement("a"), { href, download: tag ? `wheelhouse-${tag}.toml` : "wheelhouse.toml" });
    a.click();
    URL.revokeObjectURL(href);
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[18rem_1fr]">
      <Card title="Selection">
        <div className="space-y-4">
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">Types</legend>
            <p className="mb-2 text-xs text-zinc-500">{types.length ? `${types.length} selected` : "None selected: every type"}</p>
            <div className="grid grid-cols-1 gap-1.5">
              {TYPE_ORDER.map((t) => (
                <Checkbox
                  key={t}
                  label={TYPE_NAMES[t].labelPlural}
                  checked={types.includes(t)}
                  onChange={(e) => setTypes(e.target.checked ? TYPE_ORDER.filter((x) => x === t || types.includes(x)) : types.filter((x) => x !== t))}
                />
              ))}
            </div>
          </fieldset>
          <Field label="Tag" htmlFor="export-tag">
            <Select id="export-tag" value={tag} onChange={(e) => setTag(e.target.value)}>
              <option value="">Any tag</option>
              {tags.map((t) => (
                <option key={t.id} value={t.name}>
                  {t.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Names" htmlFor="export-names" hint="Comma-separated; Enter applies">
            <Input
              id="export-names"
              value={namesDraft}
              placeholder="web, api"
              onChange={(e) => setNamesDraft(e.target.value)}
              onBlur={() => setNames(namesDraft.trim())}
              onKeyDown={(e) => e.key === "Enter" && setNames(namesDraft.trim())}
            />
          </Field>
        </div>
      </Card>
      <Card
        title={
          <span>
            TOML <span className="font-normal text-zinc-500">{toml.isFetching ? "· loading…" : `· ${count} resource${count === 1 ? "" : "s"}`}</span>
          </span>
        }
        actions={
          <>
            <Button variant="secondary" disabled={!text} onClick={() => void copy()}>
              <Copy className="size-4" /> Copy
            </Button>
            <Button disabled={!text} onClick={download}>
              <Download className="size-4" /> Download
            </Button>
          </>
        }
      >
        {toml.isError ? (
          <ErrorState error={toml.error} retry={() => void toml.refetch()} />
        ) : (
          <>
            <CodeEditor
              label="Exported TOML"
              language="toml"
              value={text || (toml.isSuccess ? "# Nothing matches this selection\n" : "")}
              readOnly
              height="36rem"
            />
            <p className="mt-2 text-xs text-zinc-500">
              Secret values are never exported; <code>[[VARIABLE]]</code> references stay as written. Syncing from this text plans no changes.
            </p>
          </>
        )}
      </Card>
    </div>
  );
}
