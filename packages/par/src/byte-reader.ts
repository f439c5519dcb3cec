import { TruncatedArchiveError } from './errors';

const EMPTY = Buffer.alloc(0);

/**
 * Pulls exact byte counts out of a chunked stream, holding at most one chunk plus a partial
 * block: memory stays bounded by the source's chunk size, whatever the archive size.
 */
export class ByteReader {
  private buf: Buffer = EMPTY;
  private readonly it: AsyncIterator<Buffer>;
  private ended = false;
  /** Bytes handed out so far (the offset of the next byte in the uncompressed stream). */
  offset = 0;

  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    while (!this.ended) {
      const r = await this.it.next();
      if (r.done) {
        this.ended = true;
        return false;
      }
      const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
      if (chunk.length === 0) continue;
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      return true;
    }
    return false;
  }

  /** Up to `n` bytes; fewer only when the stream ends. */
  async read(n: number): Promise<Buffer> {
    while (this.buf.length < n && (await this.fill()));
    const out = this.buf.subarray(0, Math.min(n, this.buf.length));
    this.buf = this.buf.subarray(out.length);
    this.offset += out.length;
    return Buffer.from(out);
  }

  /** Exactly `n` bytes as they arrive, chunk by chunk; `what` names the data in the truncation error. */
  async *take(n: number, what: string): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill())) {
        throw new TruncatedArchiveError(`${what}: archive ends ${left} bytes early (truncated download or copy?)`);
      }
      const piece = this.buf.subarray(0, Math.min(left, this.buf.length));
      this.buf = this.buf.subarray(piece.length);
      this.offset += piece.length;
      left -= piece.length;
      yield piece;
    }
  }

  async skip(n: number, what: string): Promise<void> {
    for await (const _ of this.take(n, what)) void _;
  }

  /** Stops the source early (closes files and inflaters). */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}
