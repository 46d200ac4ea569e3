/** An event of a server-sent-events stream. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental SSE parser. Each chunk is scanned once from where the last scan stopped, so a huge event that arrives in
 * many small chunks costs linear time, not quadratic.
 */
export class SseParser {
  private buffer = "";
  private scanned = 0;

  feed(chunk: string): SseEvent[] {
    this.buffer += chunk.includes("\r") ? chunk.replace(/\r\n?/g, "\n") : chunk;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const cut = this.buffer.indexOf("\n\n", Math.max(start, this.scanned - 1));
      if (cut < 0) break;
      const event = parseBlock(this.buffer.slice(start, cut));
      if (event) events.push(event);
      start = cut + 2;
      this.scanned = start;
    }
    if (start > 0) {
      this.buffer = this.buffer.slice(start);
      this.scanned = 0;
    }
    this.scanned = Math.max(this.scanned, this.buffer.length);
    return events;
  }
}

function parseBlock(block: string): SseEvent | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: data.join("\n") } : null;
}
