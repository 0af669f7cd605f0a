"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Trash2 } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { resourceKeys, updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { atLeast } from "@/lib/authz/permissions";
import type { ResourceTypeKey } from "@/lib/resources/define";
import type { ResourceView } from "@/lib/resources/view";
import { Badge } from "../ui/badge";
import { Button, ButtonLink } from "../ui/button";
import { Card, PageHeader } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Checkbox, Field, Input, Textarea } from "../ui/field";
import { TabPanel, Tabs, useTabState, useTabsId } from "../ui/tabs";
import { DETAILS } from "./details";
import type { TypeSchema } from "./json-schema";
import { SchemaFields } from "./schema-fields";
import { TagPicker } from "./tags";
import { TypeIcon } from "./type-icon";
import { WebhookCard } from "./webhook-card";
import { isWebhookType } from "@/lib/webhooks/paths";
import { Spinner } from "../ui/states";

// The Updates tab is never the first one shown: its list (and the table it brings) loads when it is opened.
const UpdateList = dynamic(() => import("../updates/update-list").then((m) => m.UpdateList), { loading: () => <Spinner /> });

type Draft = Pick<ResourceView, "name" | "description" | "tags" | "template" | "config">;
const draftOf = (r: ResourceView): Draft => ({ name: r.name, description: r.description, tags: r.tags, template: r.template, config: r.config });

export function ResourceDetail({ schema, initial }: { schema: TypeSchema; initial: ResourceView }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const key = resourceKeys.detail(schema.plural, initial.id);
  const { data: resource = initial } = useQuery({
    queryKey: key,
    queryFn: () => api<ResourceView>(urls.resources.detail(schema.plural, initial.id)),
    initialData: initial,
  });
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  // Saved elsewhere (a Sync's TOML editor on the Overview, another user): a form without edits
  // follows the saved resource, so it never shows stale fields as "unsaved" or saves them back.
  const [base, setBase] = useState(resource);
  if (resource !== base) {
    if (JSON.stringify(draft) === JSON.stringify(draftOf(base))) setDraft(draftOf(resource));
    setBase(resource);
  }
  const extension = DETAILS[schema.key as ResourceTypeKey];
  // A template never runs: it has no state, executions or logs to show, only its configuration.
  const running = !resource.template;
  const tabs = [
    ...(extension?.overview && running ? [{ id: "overview", label: "Overview" }] : []),
    { id: "config", label: "Configuration" },
    ...(running ? (extension?.tabs ?? []) : []).filter((t) => !t.needs || resource.access.specific.includes(t.needs)),
    { id: "updates", label: "Updates" },
  ];
  // ?tab= opens a tab directly (links from the public API and elsewhere) and follows the selected tab.
  const [tab, setTab] = useTabState(tabs, { syncParam: true });
  const tabsId = useTabsId();
  const [confirming, setConfirming] = useState(false);
  const canWrite = atLeast(resource.access.level, "Write");
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(resource));

  const save = useApiMutation({
    mutationFn: () => api<ResourceView>(urls.resources.detail(schema.plural, resource.id), { method: "PATCH", body: draft }),
    onSuccess: (saved) => (queryClient.setQueryData(key, saved), setDraft(draftOf(saved))),
    invalidate: [resourceKeys.lists(schema.plural), updateKeys.all],
    successToast: "Saved",
  });
  const errors = save.fieldErrors;

  const remove = useApiMutation({
    mutationFn: () => api(urls.resources.detail(schema.plural, resource.id), { method: "DELETE" }),
    invalidate: [resourceKeys.lists(schema.plural)],
    successToast: `${schema.label} ${resource.name} deleted`,
    onSuccess: () => router.push(`/${schema.plural}`),
    onError: () => setConfirming(false),
  });

  const ctx = {
    errors,
    disabled: !canWrite,
    secretFields: schema.secretFields,
    references: Object.fromEntries(schema.references.filter((r) => !r.key).map((r) => [r.field, r])),
  };

  return (
    <div>
      <PageHeader
        icon={<TypeIcon type={schema.key as ResourceTypeKey} className="size-5" />}
        title={
          <span className="flex items-center gap-2">
            {resource.name}
            <Badge tone={canWrite ? "green" : "slate"}>{resource.access.level}</Badge>
            {resource.template ? <Badge tone="violet">Template</Badge> : null}
          </span>
        }
        description={resource.description || schema.description}
        actions={
          <>
            {resource.template ? (
              <ButtonLink href={`/${schema.plural}/new?template=${resource.id}`} variant="secondary">
                <Copy className="size-4" /> New from template
              </ButtonLink>
            ) : (
              extension?.headerActions?.(resource)
            )}
            {canWrite ? (
              <Button variant="danger" onClick={() => setConfirming(true)}>
                <Trash2 className="size-4" /> Delete
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs tabs={tabs} value={tab} onChange={setTab} idBase={tabsId} className="mb-4" />
      <TabPanel idBase={tabsId} value={tab}>
        {tab === "overview" ? (
          extension?.overview?.(resource)
        ) : tab === "updates" ? (
          <UpdateList targetType={schema.key} targetId={resource.id} />
        ) : tab !== "config" ? (
          extension?.tabs?.find((t) => t.id === tab)?.render(resource)
        ) : (
          <form
            className="space-y-6"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            <Card title="General">
              <div className="grid gap-4 sm:grid-cols-2">
                <Field label="Name" htmlFor="name" errors={errors.name}>
                  <Input
                    id="name"
                    value={draft.name}
                    onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                    disabled={!canWrite}
                    invalid={!!errors.name}
                  />
                </Field>
                <Field label="Tags" errors={errors.tags}>
                  <TagPicker value={draft.tags} onChange={(tags) => setDraft({ ...draft, tags })} disabled={!canWrite} />
                </Field>
                <div className="sm:col-span-2">
                  <Field label="Description" htmlFor="description" errors={errors.description}>
                    <Textarea
                      id="description"
                      rows={2}
                      className="font-sans text-sm"
                      value={draft.description}
                      onChange={(e) => setDraft({ ...draft, description: e.target.value })}
                      disabled={!canWrite}
                    />
                  </Field>
                </div>
                <div className="sm:col-span-2">
                  <Checkbox
                    label="Template: never deployed or run; “New from template” copies its configuration (not its secrets)"
                    checked={draft.template}
                    onChange={(e) => setDraft({ ...draft, template: e.target.checked })}
                    disabled={!canWrite}
                  />
                </div>
              </div>
            </Card>
            <Card title="Configuration">
              <SchemaFields schema={schema.config} value={draft.config} onChange={(config) => setDraft({ ...draft, config })} path="config" ctx={ctx} />
            </Card>
            {canWrite && isWebhookType(schema.key) ? <WebhookCard resource={resource} type={schema.key} /> : null}
            {canWrite ? (
              <div className="sticky bottom-0 flex items-center justify-end gap-2 border-t border-zinc-200 bg-zinc-50/95 py-3 dark:border-zinc-800 dark:bg-zinc-950/95">
                {dirty ? <span className="mr-auto text-sm text-amber-600 dark:text-amber-400">Unsaved changes</span> : null}
                <Button variant="secondary" disabled={!dirty} onClick={() => (setDraft(draftOf(resource)), save.reset())}>
                  Reset
                </Button>
                <Button type="submit" disabled={!dirty || save.isPending}>
                  {save.isPending ? "Saving…" : "Save"}
                </Button>
              </div>
            ) : (
              <p className="text-sm text-zinc-500">You have read access to this {schema.label.toLowerCase()}; ask an administrator for Write to change it.</p>
            )}
          </form>
        )}
      </TabPanel>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${schema.label.toLowerCase()} ${resource.name}?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirming(false)}
      >
        This removes its configuration and grants on it. The Update log keeps a record. This can&apos;t be undone.
      </ConfirmDialog>
    </div>
  );
}
