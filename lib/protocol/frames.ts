// How big one WebSocket frame may be, for every socket core serves (browsers and agents), and
// how senders keep under it: anything that can grow with the data (a list of cluster objects,
// a log tail) travels as several messages, each packed below PAGE_BYTES.
export const MAX_FRAME_BYTES = 1024 * 1024;

/** What one page of a split message aims for: well under the frame limit, leaving room for its envelope. */
export const PAGE_BYTES = 256 * 1024;

/** JSON-encoded size in bytes (escaping can make a string several times longer than its characters). */
export const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? "");

/**
 * Splits items into consecutive pages of at most `maxBytes` (as JSON) each; an item bigger
 * than that gets a page of its own, and the caller decides what to do with it. Always
 * returns at least one page, so an empty list is still sent (and still means "empty").
 */
export function pagesOf<T>(items: T[], maxBytes = PAGE_BYTES): T[][] {
  let page: T[] = [];
  const pages: T[][] = [page];
  let size = 0;
  for (const item of items) {
    const bytes = jsonBytes(item) + 1;
    if (page.length && size + bytes > maxBytes) {
      page = [item];
      pages.push(page);
      size = bytes;
    } else {
      page.push(item);
      size += bytes;
    }
  }
  return pages;
}

/** Longest log line sent whole; one line can't need a frame of its own past this (6 bytes per character at worst as JSON). */
export const MAX_LINE_CHARS = 64 * 1024;

/** A log line cut to MAX_LINE_CHARS, saying how much was cut. */
export function fitLine(line: string): string {
  return line.length <= MAX_LINE_CHARS ? line : `${line.slice(0, MAX_LINE_CHARS)} … [${line.length - MAX_LINE_CHARS} more characters not shown]`;
}
