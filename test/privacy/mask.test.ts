import { describe, expect, it } from "vitest";
import { maskPersonalData, maskPersonalDataDetailed } from "../../src/privacy/mask.ts";

describe("maskPersonalData", () => {
  it("masks ID numbers, mobiles, landlines, bank cards and e-mail addresses", () => {
    const raw = "身份证310101199003071234，手机13812345678，座机021-62345678，卡号6222 0212 3456 7890 123，邮箱zhang.san@example.com";
    const masked = maskPersonalData(raw);
    for (const secret of ["310101199003071234", "13812345678", "62345678", "6222 0212 3456 7890 123", "zhang.san@example.com"]) {
      expect(masked).not.toContain(secret);
    }
    expect(masked).toBe("身份证[id]，手机[phone]，座机[phone]，卡号[card]，邮箱[email]");
  });

  it("masks an ID ending in X and phone numbers with a country code or separators", () => {
    expect(maskPersonalData("31010119900307123X")).toBe("[id]");
    expect(maskPersonalData("+86 138-1234-5678")).toBe("[phone]");
    expect(maskPersonalData("（021）62345678")).toBe("[phone]");
  });

  it("masks names given after 我叫 / 联系人 but keeps the label", () => {
    expect(maskPersonalData("我叫张小明，想问注销")).toBe("我叫[name]，想问注销");
    expect(maskPersonalData("联系人：李四")).toBe("联系人：[name]");
  });

  it("leaves policy figures, years and measure numbers alone", () => {
    const policy = "2023年办理时限压缩到5个工作日，95%以上事项全程网办，第17条，普委办发〔2021〕12号";
    expect(maskPersonalData(policy)).toBe(policy);
  });

  it("counts what it masked without keeping the values", () => {
    const r = maskPersonalDataDetailed("13812345678 或 13912345678");
    expect(r.masked).toEqual({ phone: 2 });
  });
});

describe("maskPersonalData: numbers in disguise", () => {
  it("masks full-width digits and numbers split by invisible marks", () => {
    expect(maskPersonalData("手机１３８１２３４５６７８")).toBe("手机[phone]");
    expect(maskPersonalData("身份证３１０１０１１９９００３０７１２３Ｘ")).toBe("身份证[id]");
    expect(maskPersonalData("138\u200b1234\u200b5678")).toBe("[phone]");
    expect(maskPersonalData("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ")).toBe("[email]");
  });

  it("masks any number labelled as a phone number, but not the 12345 hotline", () => {
    expect(maskPersonalData("电话：62345678")).toBe("电话：[phone]");
    expect(maskPersonalData("联系方式 5550123")).toBe("联系方式 [phone]");
    expect(maskPersonalData("call my mobile: 0044 20 7946 0958")).toBe("call my mobile: [phone]");
    expect(maskPersonalData("请拨打12345热线电话 12345")).toBe("请拨打12345热线电话 12345");
  });

  it("masks an English name after 'my name is'", () => {
    expect(maskPersonalData("Hello, my name is John Smith, how do I close a company?")).toBe(
      "Hello, my name is [name], how do I close a company?",
    );
    expect(maskPersonalData("My name is Li Wei")).toBe("My name is [name]");
  });
});
