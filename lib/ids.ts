// Ids for rows written in bulk by our own SQL (Prisma makes the others). They sort by creation,
// like Prisma's cuids, so a batch's rows go to the end of the primary key's index instead of
// landing on random pages of it (a random UUID per row makes a large insert markedly slower).
import { randomBytes } from "node:crypto";

/** Tells this process's ids from another's made in the same millisecond. */
const PROCESS = BigInt(`0x${randomBytes(8).toString("hex")}`)
  .toString(36)
  .padStart(10, "0")
  .slice(-10);
let lastMs = 0;
let counter = 0;

/** "c" + milliseconds (base 36) + a counter within the millisecond + this process's random part. */
export function sortableId(): string {
  const now = Date.now();
  counter = now === lastMs ? counter + 1 : 0;
  lastMs = now;
  return `c${now.toString(36).padStart(9, "0")}${counter.toString(36).padStart(5, "0")}${PROCESS}`;
}
