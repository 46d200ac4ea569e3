import { describe, expect, it } from "vitest";
import { askerSpans } from "../../src/retrieve/asker.ts";

describe("where a question says who asks", () => {
  it("finds a self-introduction, an 'as a …' and a firm that is the subject of what it wants", () => {
    expect(askerSpans("我们是台资企业，想了解网上立案")).toEqual(["台资企业"]);
    expect(askerSpans("作为个体户，我能申请吗")).toEqual(["个体户"]);
    expect(askerSpans("港资企业想在徐汇上市，有什么服务")).toEqual(["港资企业"]);
  });

  it("finds none in a question about a kind of firm", () => {
    expect(askerSpans("外资企业有什么服务")).toEqual([]);
    expect(askerSpans("开办企业要多久")).toEqual([]);
  });
});
