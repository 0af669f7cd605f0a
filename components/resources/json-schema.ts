// The slice of JSON Schema (as zod's toJSONSchema emits it) that the config forms render.
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: (string | number)[];
  default?: unknown;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  anyOf?: JsonSchema[];
  /** A record (z.record): keys not known in advance. */
  additionalProperties?: unknown;
  /** From zod's `.describe()`: shown under the field. */
  description?: string;
}

export interface TypeSchema {
  key: string;
  label: string;
  plural: string;
  labelPlural: string;
  description: string;
  secretFields: string[];
  references: { field: string; type: string; many?: boolean; key?: string }[];
  config: JsonSchema;
}

/** Strings this long are edited in a text area (env files, compose files, commands). */
export const MULTILINE_MIN_LENGTH = 4096;

export function kindOf(
  schema: JsonSchema,
): "string" | "text" | "number" | "boolean" | "enum" | "object" | "json" | "strings" | "enums" | "objects" | "unknown" {
  if (schema.enum) return "enum";
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return (schema.maxLength ?? 0) >= MULTILINE_MIN_LENGTH ? "text" : "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "object":
      // A record has no fields to lay out: it is edited as JSON (e.g. a procedure step's params).
      return schema.properties ? "object" : "json";
    case "array": {
      const item = schema.items ?? {};
      if (item.enum) return "enums";
      return item.type === "object" ? "objects" : "strings";
    }
    default:
      return "unknown";
  }
}

/** A value filled with the schema's defaults, for new resources and new list items. */
export function defaultsOf(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  const kind = kindOf(schema);
  if (kind === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      const v = defaultsOf(s);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (kind === "boolean") return false;
  if (kind === "number") return schema.minimum ?? 0;
  if (kind === "enum") return schema.enum?.[0];
  if (kind === "string" || kind === "text") return "";
  if (kind === "strings" || kind === "enums" || kind === "objects") return [];
  return undefined;
}

const WORDS: Record<string, string> = { url: "URL", cpu: "CPU", id: "ID", ids: "IDs", smtp: "SMTP", aws: "AWS", ami: "AMI", env: "Env", toml: "TOML" };

/** "registryCredentialId" → "Registry credential"; "smtpHost" → "SMTP host". */
export function humanize(field: string, isReference = false): string {
  const name = isReference ? field.replace(/Ids?$/, "") : field;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(" ");
  const text = words.map((w) => WORDS[w] ?? w).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
