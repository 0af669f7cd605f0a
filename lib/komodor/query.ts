// Query strings as Komodor's clients send them: repeated keys for arrays
// (`checkCategory=workload&checkCategory=infrastructure`), also accepted as `key[]=`.
export function queryObject(params: URLSearchParams, arrayKeys: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of params) {
    const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
    if (arrayKeys.includes(key)) out[key] = [...((out[key] as string[] | undefined) ?? []), value];
    else out[key] = value;
  }
  return out;
}
