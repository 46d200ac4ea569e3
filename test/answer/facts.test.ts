import { describe, expect, it } from "vitest";
import { askedFact, statesFact } from "../../src/answer/facts.ts";

describe("an asked-for address", () => {
  it("is asked by 地址 or 在哪, not by where to find or do something (在哪找, 在哪办)", () => {
    expect(askedFact("合规服务中心地址在哪？")).toBe("address");
    expect(askedFact("服务中心在哪里")).toBe("address");
    expect(askedFact("惠企政策清单在哪找")).toBeNull();
    expect(askedFact("这个事在哪办")).toBeNull();
  });

  it("is stated by a named street or building, not by 各街道 or a 思路", () => {
    expect(statesFact("address", "在各街道便民服务中心设置帮办窗口。")).toBe(false);
    expect(statesFact("address", "拓展服务新思路。")).toBe(false);
    expect(statesFact("address", "在长寿路街道设立服务站。")).toBe(true);
    expect(statesFact("address", "服务中心位于枫林路100号。")).toBe(true);
  });
});

describe("an asked-for rate", () => {
  it("is a named rate the clause states, not the share of a service that ends in the same characters", () => {
    expect(askedFact("增值税税率是多少")).toBe("rate");
    expect(statesFact("rate", "网上办税率达到98%。", "增值税税率是多少")).toBe(false);
    expect(statesFact("rate", "小规模纳税人增值税税率降至1%。", "增值税税率是多少")).toBe(true);
    // Asked for that share, the clause that states it answers.
    expect(statesFact("rate", "网上办税率达到98%。", "网上办税率要达到多少")).toBe(true);
  });
});
