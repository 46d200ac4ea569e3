import { describe, expect, it } from "vitest";
import { SseParser } from "../../src/web/shared/sse.ts";

const block = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

describe("SseParser", () => {
  it("yields the same events however the stream is cut", () => {
    const stream =
      block("v1.delta", { text: "电子印章" }) +
      ": keep-alive\n\n" +
      block("v1.replace", { text: "新", reason: "x" }) +
      block("v1.done", { answer: "a" });
    const whole = new SseParser().feed(stream);
    expect(whole.map((e) => e.event)).toEqual(["v1.delta", "v1.replace", "v1.done"]);
    for (const size of [1, 2, 3, 7]) {
      const p = new SseParser();
      const got = [];
      for (let i = 0; i < stream.length; i += size) got.push(...p.feed(stream.slice(i, i + size)));
      expect(got).toEqual(whole);
    }
  });

  it("reads CRLF line ends, several data lines, and a missing space after the colon", () => {
    const events = new SseParser().feed("event:v1.delta\r\ndata: line1\r\ndata:line2\r\n\r\n");
    expect(events).toEqual([{ event: "v1.delta", data: "line1\nline2" }]);
  });

  it("keeps an unfinished event until its end arrives", () => {
    const p = new SseParser();
    expect(p.feed("event: v1.done\ndata: {")).toEqual([]);
    expect(p.feed('"a":1}\n')).toEqual([]);
    expect(p.feed("\n")).toEqual([{ event: "v1.done", data: '{"a":1}' }]);
  });

  it("parses a 200k-character event fed in 1-character chunks in linear time", () => {
    const text = "条".repeat(200_000);
    const stream = block("v1.done", { answer: text });
    const p = new SseParser();
    const started = performance.now();
    let events: ReturnType<SseParser["feed"]> = [];
    for (let i = 0; i < stream.length; i += 16) events = events.concat(p.feed(stream.slice(i, i + 16)));
    const ms = performance.now() - started;
    expect(JSON.parse(events[0]!.data).answer.length).toBe(200_000);
    // Quadratic rescanning takes seconds here; a linear scan takes a few milliseconds.
    expect(ms).toBeLessThan(400);
  });
});
