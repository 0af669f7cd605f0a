/** The last `limit` bytes a shell printed, replayed to a browser that reconnects. */
export class Scrollback {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit = 256 * 1024) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
    const only = this.chunks[0];
    if (only && this.size > this.limit) {
      this.chunks[0] = only.subarray(only.length - this.limit);
      this.size = this.limit;
    }
  }

  contents(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
