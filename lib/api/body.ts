// Reading a request body within a limit, as it streams: a declared Content-Length over the
// limit is refused before reading, and a chunked body (no length) is counted chunk by chunk
// and refused — the rest left unread — the moment it passes the limit, so no body is ever
// held whole just to find out it was too big.
import { AppError } from "../errors";

export function tooLarge(max: number): AppError {
  return new AppError("TOO_LARGE", "The body is too large", { _: [`Bodies are limited to ${max / 1024} KiB`] });
}

export async function readBounded(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > max) throw tooLarge(max);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
