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
