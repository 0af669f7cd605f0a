// Tag vocabulary, input schemas and the tag as the browser receives it; pure, shared by
// ./service and the UI.
import { z } from "zod";
import { TAG_COLORS, type TagColor } from "./colors";
import type { WireOf } from "../wire";
import type { listTags } from "./service";

const ZTagName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/, "Use letters, digits, '.', '_', ':' or '-'");

export const ZCreateTagInput = z.object({ name: ZTagName, color: z.enum(TAG_COLORS).default("slate") }).strict();
export const ZUpdateTagInput = z.object({ name: ZTagName.optional(), color: z.enum(TAG_COLORS).optional() }).strict();

/** A tag; its colour column holds one of TAG_COLORS (the inputs above allow nothing else). */
export type TagView = Omit<WireOf<typeof listTags>[number], "color"> & { color: TagColor };
