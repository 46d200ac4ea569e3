import { describe, expect, it } from "vitest";
import { objectJson } from "../../src/server/respond.ts";

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
});
