/**
 * Text that grows as a stream arrives. Deltas are collected and written to one Text node at most once per animation
 * frame (appendData, not a rewrite of the whole string), so a 100k-character answer in thousands of deltas costs
 * linear time and a handful of layouts instead of one per delta.
 */
export class StreamingText {
  readonly node: Text;
  private pending = "";
  private scheduled = false;
  private length = 0;

  constructor(
    private readonly onFlush: () => void = () => {},
    private readonly schedule: (cb: () => void) => void = (cb) =>
      typeof requestAnimationFrame === "function" ? requestAnimationFrame(() => cb()) : setTimeout(cb, 16),
  ) {
    this.node = document.createTextNode("");
  }

  get text(): string {
    return this.node.data + this.pending;
  }

  get size(): number {
    return this.length;
  }

  append(text: string) {
    if (!text) return;
    this.pending += text;
    this.length += text.length;
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Writes what is pending now (also called before the final text replaces the stream). */
  flush() {
    this.scheduled = false;
    if (!this.pending) return;
    this.node.appendData(this.pending);
    this.pending = "";
    this.onFlush();
  }

  reset(text = "") {
    this.pending = "";
    this.node.data = text;
    this.length = text.length;
  }
}
