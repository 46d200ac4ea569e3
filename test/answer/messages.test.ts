import { describe, expect, it } from "vitest";
import { MESSAGES } from "../../src/answer/messages.ts";

/** One value that serves as any argument a message takes: a string, a number, a list, a plan, a unit. */
const sample = Object.assign(["X"], {
  id: "x-2024",
  title: "X",
  titleEn: "X",
  district: "X",
  districtEn: "X",
  name: "X",
  nameEn: "X",
  role: "responsible",
  charAt: () => "X",
  replace: () => "X",
  toString: () => "X",
});

/** Every text a catalogue can say, with the path to it. */
function texts(node: unknown, path: string): [string, string][] {
  if (typeof node === "string") return [[path, node]];
  if (typeof node === "function") {
    const out = (node as (...a: unknown[]) => unknown)(...Array.from({ length: Math.max(node.length, 6) }, () => sample));
    return texts(out, `${path}()`);
  }
  if (node && typeof node === "object") return Object.entries(node).flatMap(([k, v]) => texts(v, `${path}.${k}`));
  return [];
}

const HAN = /\p{Script=Han}/u;

describe("the message catalogues", () => {
  it("hold the same messages in every language", () => {
    const shape = (node: unknown): unknown =>
      node && typeof node === "object" ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, shape(v)])) : typeof node;
    expect(shape(MESSAGES.en)).toEqual(shape(MESSAGES.zh));
  });

  it("say English messages without Chinese of their own (names come from the plans), and Chinese ones in Chinese", () => {
    const en = texts(MESSAGES.en, "en");
    expect(en.length).toBeGreaterThan(80);
    for (const [path, text] of en) expect(HAN.test(text), `${path}: ${text}`).toBe(false);
    // A Chinese message is Chinese unless it is punctuation only (a list separator) or empty (in force).
    for (const [path, text] of texts(MESSAGES.zh, "zh")) {
      if (path === "zh.languageName" || !/\p{L}/u.test(text.replace(/X/g, ""))) continue;
      expect(HAN.test(text), `${path}: ${text}`).toBe(true);
    }
  });
});
