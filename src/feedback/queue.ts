/**
 * A bounded in-memory queue in front of the database. push() never waits and never throws, so writing can
 * neither slow nor break an answer; a failed batch stays at the head and is retried with backoff. When
 * full, the oldest items are dropped (counted), because a question log that eats the server's memory
 * during a long outage would be worse than a gap in it.
 */
export interface WriteQueueEvents {
  depth?(n: number): void;
  /** Called once when writing starts failing (and again only after a recovery). */
  down?(err: Error, depth: number): void;
  /** Called once when a write succeeds after failures. */
  up?(depth: number): void;
  failed?(err: Error): void;
  dropped?(n: number): void;
}

export interface WriteQueueOptions<T> {
  write(batch: T[]): Promise<void>;
  capacity?: number;
  batchSize?: number;
  /** How long a write waits for more items to join its batch (0: at once); a full batch never waits. */
  flushDelayMs?: number;
  minRetryMs?: number;
  maxRetryMs?: number;
  events?: WriteQueueEvents;
}

export class WriteQueue<T extends object> {
  private items: T[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private failing = false;
  private closed = false;
  readonly capacity: number;
  private readonly batchSize: number;
  private readonly flushDelayMs: number;
  private readonly minRetryMs: number;
  private readonly maxRetryMs: number;

  constructor(private readonly options: WriteQueueOptions<T>) {
    this.capacity = options.capacity ?? 10_000;
    this.batchSize = options.batchSize ?? 200;
    this.flushDelayMs = options.flushDelayMs ?? 0;
    this.minRetryMs = options.minRetryMs ?? 500;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.retryMs = this.minRetryMs;
  }

  get depth(): number {
    return this.items.length;
  }

  /** Whether the last write failed (the database is unreachable or refusing). */
  get down(): boolean {
    return this.failing;
  }

  push(item: T): void {
    this.items.push(item);
    const over = this.items.length - this.capacity;
    if (over > 0) {
      this.items.splice(0, over);
      this.options.events?.dropped?.(over);
    }
    this.options.events?.depth?.(this.items.length);
    if (!this.failing) this.schedule(this.items.length >= this.batchSize ? 0 : this.flushDelayMs);
  }

  private schedule(ms: number): void {
    if (this.running || this.closed) return;
    if (this.timer && ms === 0) {
      // A batch filled up while waiting: write it now.
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.start(false);
    }, ms);
    this.timer.unref();
  }

  /** Writes everything queued; resolves when the queue is empty or a write failed (a retry is then scheduled). */
  flush(): Promise<void> {
    return this.start(true);
  }

  private start(all: boolean): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.running ??= this.run(all).finally(() => {
      this.running = null;
      // Items that arrived during the last write (when it stopped short of them) make the next batch.
      if (this.items.length && !this.failing) this.schedule(this.items.length >= this.batchSize ? 0 : this.flushDelayMs);
    });
    return this.running;
  }

  /** Writes batches until the queue is empty, or (`all` false, with a flush delay) until less than a batch is left. */
  private async run(all: boolean): Promise<void> {
    let wrote = false;
    while (this.items.length) {
      if (wrote && !all && this.flushDelayMs > 0 && this.items.length < this.batchSize) return;
      const batch = this.items.slice(0, this.batchSize);
      try {
        await this.options.write(batch);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        this.options.events?.failed?.(e);
        if (!this.failing) this.options.events?.down?.(e, this.items.length);
        this.failing = true;
        const wait = this.retryMs;
        this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs);
        setTimeout(() => this.schedule(0), wait).unref();
        return;
      }
      wrote = true;
      // Only the batch leaves: items pushed meanwhile stay, and drops meanwhile may have taken part of it.
      const sent = new Set(batch);
      this.items = this.items.filter((i) => !sent.has(i));
      this.options.events?.depth?.(this.items.length);
      if (this.failing) {
        this.failing = false;
        this.retryMs = this.minRetryMs;
        this.options.events?.up?.(this.items.length);
      }
    }
  }

  /** Tries to write what is left (shutdown, tests); gives up after timeoutMs. */
  async drain(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.items.length && Date.now() < deadline) {
      await this.flush();
      if (this.items.length) await new Promise((r) => setTimeout(r, Math.min(100, Math.max(0, deadline - Date.now()))));
    }
    return this.items.length === 0;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
