// The colours a tag may have: plain constants, no zod, for the tag pickers.
export const TAG_COLORS = ["slate", "red", "orange", "amber", "green", "teal", "sky", "blue", "violet", "pink"] as const;
export type TagColor = (typeof TAG_COLORS)[number];
