"use client";

// Kubernetes objects as YAML: edit one (load it, edit, see the diff, apply) or create one from
// a manifest. An edit carries the resourceVersion it was loaded at, so someone else's change
// in between is a conflict reported by the cluster, and nothing is overwritten.
import { useQuery } from "@tanstack/react-query";
import { diffLines } from "diff";
import { useCallback, useMemo, useState } from "react";
import { parse, stringify } from "yaml";
import { api } from "@/lib/client/api";
import { kubeKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { FieldErrors } from "@/lib/errors";
import { validateCreate, validateEdit } from "@/lib/kube/edit";
import { checkManifest } from "@/lib/kube/manifest-lines";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { CodeEditor } from "../ui/code-editor";
import { ErrorState, Spinner } from "../ui/states";

export interface ObjectRef {
  clusterId: string;
  kind: string;
  namespace: string;
  name: string;
}

type Loaded = Record<string, unknown> & { editable: boolean; metadata: Record<string, unknown> };

export function YamlEditor({
  target,
  onApply,
  onClose,
  pending,
}: {
  target: ObjectRef;
  onApply: (manifest: unknown) => void;
  onClose: () => void;
  pending: boolean;
}) {
  const params = new URLSearchParams({ ...target });
  const query = useQuery({ queryKey: kubeKeys.object(params.toString()), queryFn: () => api<Loaded>(urls.kube.object(target)), staleTime: Infinity });
  const original = useMemo(() => {
    if (!query.data) return "";
    const { editable: _e, ...object } = query.data;
    return stringify(object);
  }, [query.data]);
  const validate = useCallback((value: unknown) => validateEdit(parse(original), value), [original]);
  if (query.isLoading) return <Spinner label="Loading the manifest" />;
  if (query.isError || !query.data) return <ErrorState error={query.error} />;
  if (!query.data.editable) return <p className="text-sm text-zinc-500">Secrets can&apos;t be edited here: their values never reach Wheelhouse.</p>;
  return <ManifestEditor original={original} initial={original} validate={validate} applyLabel="Apply" onApply={onApply} onClose={onClose} pending={pending} />;
}

const NEW_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels: { app: my-app }
  template:
    metadata:
      labels: { app: my-app }
    spec:
      containers:
        - name: app
          image: registry.example.com/my-app:1.0.0
`;

/** Create an object from a manifest, like `kubectl create -f`; starts from a Deployment skeleton. */
export function CreateManifest({ onApply, onClose, pending }: { onApply: (manifest: unknown) => void; onClose: () => void; pending: boolean }) {
  return (
    <ManifestEditor original="" initial={NEW_DEPLOYMENT} validate={validateCreate} applyLabel="Create" onApply={onApply} onClose={onClose} pending={pending} />
  );
}

interface ManifestEditorProps {
  /** What the diff compares against ("" for a new object). */
  original: string;
  initial: string;
  validate: (value: unknown) => FieldErrors;
  applyLabel: string;
  onApply: (manifest: unknown) => void;
  onClose: () => void;
  pending: boolean;
}

function ManifestEditor({ original, initial, validate, applyLabel, onApply, onClose, pending }: ManifestEditorProps) {
  const [current, setCurrent] = useState(initial);
  const [preview, setPreview] = useState(false);
  // Syntax errors, else the validator's, each at its line: underlined in the editor and listed below it.
  const result = useMemo(() => checkManifest(current, validate), [current, validate]);
  const problemList = result.errors.map(
    (e) => `Line ${e.line}: ${e.field && e.field !== "_" && !e.message.startsWith(e.field) ? `${e.field}: ` : ""}${e.message}`,
  );
  return (
    <div className="space-y-3" data-testid="yaml-editor">
      {preview ? (
        <pre className="max-h-[28rem] overflow-auto rounded-md bg-zinc-950 p-3 text-xs leading-5 text-zinc-300" data-testid="yaml-diff">
          {diffLines(original, current).map((part, i) => (
            <span key={i} className={cn(part.added && "bg-emerald-950 text-emerald-300", part.removed && "bg-red-950 text-red-300")}>
              {part.value
                .replace(/\n$/, "")
                .split("\n")
                .map((l) => `${part.added ? "+ " : part.removed ? "- " : "  "}${l}`)
                .join("\n") + "\n"}
            </span>
          ))}
        </pre>
      ) : (
        <CodeEditor label="Manifest (YAML)" language="yaml" value={current} onChange={setCurrent} errors={result.errors} />
      )}
      {problemList.map((p, i) => (
        <p key={i} className="text-xs text-red-600 dark:text-red-400">
          {p}
        </p>
      ))}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="secondary" onClick={() => setPreview(!preview)}>
          {preview ? "Back to editing" : "Review changes"}
        </Button>
        <Button disabled={!preview || problemList.length > 0 || current === original || pending} onClick={() => onApply(result.value)}>
          {applyLabel}
        </Button>
      </div>
    </div>
  );
}
