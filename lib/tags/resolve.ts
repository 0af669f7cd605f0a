import type { Tx } from "../db";
import type { FieldErrors } from "../errors";

/** Resolves tags given by id or name to ids, reporting each unknown one by position. */
export async function resolveTags(tx: Tx, refs: string[] | undefined): Promise<{ ids: string[]; errors: FieldErrors }> {
  if (!refs || refs.length === 0) return { ids: [], errors: {} };
  const found = await tx.tag.findMany({ where: { OR: [{ id: { in: refs } }, { name: { in: refs } }] }, select: { id: true, name: true } });
  const ids: string[] = [];
  const errors: FieldErrors = {};
  refs.forEach((ref, i) => {
    const tag = found.find((t) => t.id === ref || t.name === ref);
    if (tag) {
      if (!ids.includes(tag.id)) ids.push(tag.id);
    } else {
      errors[`tags.${i}`] = [`Unknown tag "${ref}"`];
    }
  });
  return { ids, errors };
}
