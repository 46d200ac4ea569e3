/** An event of a server-sent-events stream. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental SSE parser. Only each new chunk is searched for the blank line that ends an event, and an unfinished
 * event is kept as a list of pieces joined once, so a huge event arriving in many small chunks costs linear time.
 */
export class SseParser {
  private parts: string[] = [];
  private endsWithNewline = false;
  private heldCR = false;

  feed(raw: string): SseEvent[] {
    let chunk = (this.heldCR ? "\r" : "") + raw;
    // A CR at the end may be the first half of a CRLF split across chunks.
    this.heldCR = chunk.endsWith("\r");
    if (this.heldCR) chunk = chunk.slice(0, -1);
    if (chunk.includes("\r")) chunk = chunk.replace(/\r\n?/g, "\n");
    const events: SseEvent[] = [];
    const emit = (block: string) => {
      const e = parseBlock(block);
      if (e) events.push(e);
    };
    let start = 0;
    if (this.endsWithNewline && chunk.startsWith("\n") && this.parts.length) {
      emit(this.parts.join("").slice(0, -1));
      this.parts = [];
      start = 1;
    }
    for (;;) {
      const cut = chunk.indexOf("\n\n", start);
      if (cut < 0) break;
      emit(this.parts.join("") + chunk.slice(start, cut));
      this.parts = [];
      start = cut + 2;
    }
    const rest = chunk.slice(start);
    if (rest) this.parts.push(rest);
    this.endsWithNewline = rest.endsWith("\n");
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
