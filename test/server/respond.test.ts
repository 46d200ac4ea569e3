import { describe, expect, it } from "vitest";
import { objectJson, objectJsonBytes, serializedOnce } from "../../src/server/respond.ts";

describe("objectJson", () => {
  it("writes what JSON.stringify writes, reusing the JSON of frozen values", () => {
    const citations = Object.freeze([Object.freeze({ id: "p:1", text: '「引号」\n"quoted"', units: Object.freeze([]) })]);
    const bodies = [
      { answer: "答案", citations, answerId: "a-1", confidence: 0.5, missing: undefined, fn: () => 1, nothing: null },
      { answer: "again", citations, answerId: "a-2", nested: { deep: [1, "x", null] } },
      {},
      { date: new Date(0), big: Number.NaN },
    ];
    for (const body of bodies) expect(objectJson(body)).toBe(JSON.stringify(body));
    expect(JSON.parse(objectJson(bodies[1]!))).toEqual(JSON.parse(JSON.stringify(bodies[1])));
  });

  it("sends a copy of a serialized-once object as its JSON plus the copy's own fields, and a changed copy as itself", () => {
    const cached = serializedOnce({ answer: '答案 "一"', status: "answered", skipped: undefined, citations: [{ id: "p:1" }] });
    const served = { ...cached, answerId: "a-1" };
    expect(objectJson(served)).toBe(JSON.stringify(served));
    expect(objectJson(served)).toBe(`${JSON.stringify(cached).slice(0, -1)},"answerId":"a-1"}`);
    expect(objectJson(cached)).toBe(JSON.stringify(cached));
    // A field replaced after the copy, or the fields in another order: serialized afresh, never the stale JSON.
    const changed = { ...cached, answer: "改了", answerId: "a-2" };
    expect(objectJson(changed)).toBe(JSON.stringify(changed));
    const reordered: Record<string, unknown> = { lang: "zh" };
    Object.assign(reordered, cached);
    expect(objectJson(reordered)).toBe(JSON.stringify(reordered));
    const { answer: _, ...fewer } = cached;
    expect(objectJson(fewer)).toBe(JSON.stringify(fewer));
    // Nothing added to the object itself (tests compare cached answers with toEqual).
    expect(Object.getOwnPropertySymbols(cached)).toEqual([]);
  });

  it("gives the same bytes as UTF-8 of JSON.stringify, the cached part encoded once and never changed by a copy", () => {
    const cached = serializedOnce({ answer: "《方案》第1条：“加强”😀", status: "answered", citations: [{ id: "p:1", text: "责任单位" }] });
    const first = { ...cached, answerId: "a-1" };
    const second = { ...cached, answerId: "a-2", extra: "附加" };
    for (const body of [first, second, first, cached, { plain: "无缓存", n: 1 }]) {
      expect(objectJsonBytes(body).equals(Buffer.from(JSON.stringify(body)))).toBe(true);
    }
  });
});
