"use client";

// Renders a config form from its JSON Schema, so every resource type gets a validated
// editor without a hand-written form. Errors come back from the API keyed by path
// ("config.ports", "config.files.0.name") and are shown beside the matching input.
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import type { FieldErrors } from "@/lib/client/api";
import { SECRET_MASK } from "@/lib/resources/view";
import { Button } from "../ui/button";
import { Checkbox, Field, Input, Select, Textarea } from "../ui/field";
import { defaultsOf, humanize, kindOf, type JsonSchema } from "./json-schema";
import { ReferenceSelect } from "./reference-select";

type Value = Record<string, unknown>;

export interface FieldsContext {
  errors: FieldErrors;
  disabled: boolean;
  secretFields: string[];
  references: Record<string, { type: string; many?: boolean }>;
}

function errorsAt(ctx: FieldsContext, path: string) {
  return ctx.errors[path];
}

export function SchemaFields({
  schema,
  value,
  onChange,
  path,
  ctx,
}: {
  schema: JsonSchema;
  value: Value;
  onChange: (v: Value) => void;
  path: string;
  ctx: FieldsContext;
}) {
  const entries = Object.entries(schema.properties ?? {});
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {entries.map(([name, fieldSchema]) => {
        const kind = kindOf(fieldSchema);
        const wide = ["text", "objects", "object", "json", "enums", "strings"].includes(kind);
        return (
          <div key={name} className={wide ? "sm:col-span-2" : undefined}>
            <SchemaField
              name={name}
              schema={fieldSchema}
              value={value[name]}
              onChange={(v) => onChange({ ...value, [name]: v })}
              path={`${path}.${name}`}
              ctx={ctx}
              topLevel={path === "config"}
            />
          </div>
        );
      })}
    </div>
  );
}

function SchemaField({
  name,
  schema,
  value,
  onChange,
  path,
  ctx,
  topLevel,
}: {
  name: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (v: unknown) => void;
  path: string;
  ctx: FieldsContext;
  topLevel: boolean;
}) {
  const id = path.replace(/\./g, "-");
  const errors = errorsAt(ctx, path);
  const reference = topLevel ? ctx.references[name] : undefined;
  const label = humanize(name, Boolean(reference));
  const kind = kindOf(schema);

  if (reference) {
    return (
      <Field label={label} htmlFor={id} errors={errors}>
        <ReferenceSelect id={id} type={reference.type} many={reference.many} value={value} onChange={onChange} disabled={ctx.disabled} invalid={!!errors} />
      </Field>
    );
  }
  if (topLevel && ctx.secretFields.includes(name)) {
    const isSet = value === SECRET_MASK;
    return (
      <Field
        label={`${label} (secret)`}
        htmlFor={id}
        errors={errors}
        hint={isSet ? "Set. Type a new value to replace it; it is never shown again." : "Write-only: encrypted at rest and never shown again."}
      >
        <Input
          id={id}
          type="password"
          autoComplete="new-password"
          placeholder={isSet ? SECRET_MASK : ""}
          value={isSet ? "" : ((value as string) ?? "")}
          onChange={(e) => onChange(e.target.value === "" && isSet ? SECRET_MASK : e.target.value)}
          disabled={ctx.disabled}
          invalid={!!errors}
        />
      </Field>
    );
  }
  switch (kind) {
    case "boolean":
      return (
        <div className="pt-6">
          <Checkbox id={id} label={label} checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} disabled={ctx.disabled} />
          {schema.description && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{schema.description}</p>}
          {errors?.map((e) => (
            <p key={e} className="text-xs text-red-600">
              {e}
            </p>
          ))}
        </div>
      );
    case "enum":
      return (
        <Field label={label} htmlFor={id} errors={errors}>
          <Select id={id} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} disabled={ctx.disabled} invalid={!!errors}>
            {schema.enum!.map((option) => (
              <option key={String(option)} value={String(option)}>
                {String(option)}
              </option>
            ))}
          </Select>
        </Field>
      );
    case "number":
      return (
        <Field label={label} htmlFor={id} errors={errors}>
          <Input
            id={id}
            type="number"
            min={schema.minimum}
            max={schema.maximum}
            value={value === undefined || value === null ? "" : String(value)}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
            disabled={ctx.disabled}
            invalid={!!errors}
          />
        </Field>
      );
    case "text":
      return (
        <Field label={label} htmlFor={id} errors={errors}>
          <Textarea
            id={id}
            rows={Math.min(16, Math.max(3, String(value ?? "").split("\n").length + 1))}
            value={String(value ?? "")}
            onChange={(e) => onChange(e.target.value)}
            disabled={ctx.disabled}
            invalid={!!errors}
            spellCheck={false}
          />
        </Field>
      );
    case "strings":
      return (
        <Field
          label={label}
          htmlFor={id}
          errors={errors ?? childErrors(ctx, path)}
          hint={schema.description ? `${schema.description} One per line.` : "One per line"}
        >
          <Textarea
            id={id}
            rows={3}
            value={((value as string[]) ?? []).join("\n")}
            onChange={(e) =>
              onChange(
                e.target.value
                  .split("\n")
                  .map((s) => s.trim())
                  .filter(Boolean),
              )
            }
            disabled={ctx.disabled}
            invalid={!!errors}
            spellCheck={false}
          />
        </Field>
      );
    case "enums": {
      const selected = new Set((value as string[]) ?? []);
      return (
        <Field label={label} errors={errors ?? childErrors(ctx, path)}>
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {schema.items!.enum!.map((option) => (
              <Checkbox
                key={String(option)}
                label={String(option)}
                checked={selected.has(String(option))}
                disabled={ctx.disabled}
                onChange={(e) => onChange(e.target.checked ? [...selected, String(option)] : [...selected].filter((s) => s !== option))}
              />
            ))}
          </div>
        </Field>
      );
    }
    case "json":
      return (
        <JsonField
          id={id}
          label={label}
          description={schema.description}
          value={value}
          onChange={onChange}
          disabled={ctx.disabled}
          errors={errors ?? childErrors(ctx, path)}
        />
      );
    case "objects":
      return <ObjectList label={label} schema={schema.items!} value={(value as Value[]) ?? []} onChange={onChange} path={path} ctx={ctx} errors={errors} />;
    case "object":
      return (
        <fieldset className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <legend className="px-1 text-sm font-medium">{label}</legend>
          <SchemaFields schema={schema} value={(value as Value) ?? {}} onChange={onChange} path={path} ctx={ctx} />
        </fieldset>
      );
    default:
      return (
        <Field label={label} htmlFor={id} errors={errors}>
          <Input id={id} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} disabled={ctx.disabled} invalid={!!errors} />
        </Field>
      );
  }
}

/** A JSON object typed as text: what doesn't parse stays in the box, with the reason, and isn't sent. */
function JsonField({
  id,
  label,
  description,
  value,
  onChange,
  disabled,
  errors,
}: {
  id: string;
  label: string;
  description?: string;
  value: unknown;
  onChange: (v: unknown) => void;
  disabled: boolean;
  errors?: string[];
}) {
  const [text, setText] = useState(() => JSON.stringify(value ?? {}, null, 1));
  const [parseError, setParseError] = useState<string>();
  return (
    <Field label={`${label} (JSON)`} htmlFor={id} errors={parseError ? [parseError] : errors} hint={description}>
      <Textarea
        id={id}
        rows={3}
        className="font-mono text-xs"
        value={text}
        disabled={disabled}
        invalid={!!(parseError ?? errors)}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const parsed: unknown = JSON.parse(e.target.value || "{}");
            if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error('Use a JSON object, e.g. {"durationMs": 1000}');
            setParseError(undefined);
            onChange(parsed);
          } catch (err) {
            setParseError((err as Error).message);
          }
        }}
      />
    </Field>
  );
}

/** Errors on items of a list shown as one input ("config.links.1") belong to the list. */
function childErrors(ctx: FieldsContext, path: string) {
  const found = Object.entries(ctx.errors).filter(([k]) => k.startsWith(`${path}.`));
  return found.length ? found.map(([k, v]) => `Item ${Number(k.slice(path.length + 1).split(".")[0]) + 1}: ${v[0]}`) : undefined;
}

function ObjectList({
  label,
  schema,
  value,
  onChange,
  path,
  ctx,
  errors,
}: {
  label: string;
  schema: JsonSchema;
  value: Value[];
  onChange: (v: Value[]) => void;
  path: string;
  ctx: FieldsContext;
  errors?: string[];
}) {
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-zinc-700 dark:text-zinc-300">{label}</legend>
      {errors?.map((e) => (
        <p key={e} className="text-xs text-red-600">
          {e}
        </p>
      ))}
      {value.length === 0 ? <p className="text-sm text-zinc-500">None yet.</p> : null}
      {value.map((item, i) => (
        <div key={i} className="rounded-md border border-zinc-200 bg-zinc-50/60 p-3 dark:border-zinc-800 dark:bg-zinc-950/40">
          <div className="mb-2 flex items-center justify-between">
            <span className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
              {label} {i + 1}
            </span>
            {!ctx.disabled ? (
              <Button variant="ghost" aria-label={`Remove ${label} ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                <Trash2 className="size-4" />
              </Button>
            ) : null}
          </div>
          <SchemaFields schema={schema} value={item} onChange={(v) => onChange(value.map((old, j) => (j === i ? v : old)))} path={`${path}.${i}`} ctx={ctx} />
        </div>
      ))}
      {!ctx.disabled ? (
        <Button variant="secondary" onClick={() => onChange([...value, defaultsOf(schema) as Value])}>
          <Plus className="size-4" /> Add {label.toLowerCase().replace(/s$/, "")}
        </Button>
      ) : null}
    </fieldset>
  );
}
