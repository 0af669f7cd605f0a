// TOML keys are snake_case (Komodo's files, and ours); Wheelhouse's configs are camelCase. One
// rule both ways, applied to every nested table, so no type needs a hand-written field list.

export const toCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const toSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type Json = unknown;

/** Renames every object key in the value (arrays and nested tables included). */
export function renameKeys(value: Json, rename: (key: string) => string): Json {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, Json>).map(([k, v]) => [rename(k), renameKeys(v, rename)]));
  }
  return value;
}
