/**
 * The body of a request being forwarded, streamed to the current attempt as it arrives and kept (up to a limit) so
 * that a retry can send it again, as Envoy's router buffers a request for retries and gives up retrying a request
 * whose body outgrew its buffer.
 */
import { Readable, Writable } from 'stream';

/** How much of a request body is kept for retries: beyond it, the request is not retried. */
export const RETRY_BUFFER_LIMIT = 64 * 1024;

/** A request body read once and sent to one attempt after another. */
export class RequestBody {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private overflowed = false;
  private ended = false;
  private target?: Writable;
  /** Bytes received so far. */
  public received = 0;

  constructor(private readonly source: Readable, private readonly onData: (chunk: Buffer) => void) {
    source.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      this.onData(chunk);
      if (!this.overflowed) {
        this.kept += chunk.length;
        if (this.kept > RETRY_BUFFER_LIMIT) {
          this.overflowed = true;
          this.chunks.length = 0;
        } else {
          this.chunks.push(chunk);
        }
      }
      const target = this.target;
      if (target === undefined || target.destroyed) {
        // Between attempts: hold the rest until the next attempt takes it.
        source.pause();
      } else if (!target.write(chunk)) {
        source.pause();
        target.once('drain', () => source.resume());
      }
    });
    source.once('end', () => {
      this.ended = true;
      if (this.target !== undefined && !this.target.destroyed) {
        this.target.end();
      }
    });
  }

  /** True when the whole body is still at hand (an attempt can be made again). */
  public get replayable(): boolean {
    return !this.overflowed;
  }

  /** Stops sending to the current attempt (it failed). */
  public detach(): void {
    this.target = undefined;
  }

  /** Sends the body to `target`: what was received so far, then the rest as it arrives. */
  public sendTo(target: Writable): void {
    this.target = target;
    for (const chunk of this.chunks) {
      target.write(chunk);
    }
    if (this.ended) {
      target.end();
    }
    if (this.source.isPaused()) {
      this.source.resume();
    }
  }
}
