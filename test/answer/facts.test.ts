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

describe("an asked-for year", () => {
  it("is asked by when a thing opens or is built, in any spoken form (啥时候通车, 何时建成)", () => {
    for (const q of ["19号线什么时候通车？", "19号线啥时候通车？", "体育馆何时建成", "新大楼几时能投用"]) expect(askedFact(q)).toBe("year");
    expect(statesFact("year", "协调轨交19号线方案研究。")).toBe(false);
    expect(statesFact("year", "轨交19号线2025年建成通车。")).toBe(true);
  });
});

describe("an asked-for year or deadline, a place and a street address", () => {
  it("is asked by when a thing goes live or is issued, or an application deadline; not by a measure's completion", () => {
    for (const q of ["电子印章平台什么时候正式上线", "信用管理办法什么时候出台？", "What's the application deadline for companies?"])
      expect(askedFact(q), q).toBe("year");
    // When a measure is due is the deadline answer's, which says so when the plan sets no deadline.
    expect(askedFact("By when must the target be reached?")).toBeNull();
    expect(askedFact("租金减免什么时候完成？")).toBeNull();
    expect(askedFact("这个政策是怎么出台的")).toBeNull();
  });

  it("is stated by a year, a deadline or a period relative to the event, not by a bare count", () => {
    expect(statesFact("year", "研究制订信用管理办法。", "管理办法什么时候出台？")).toBe(false);
    expect(statesFact("year", "新出台涉企政策一个月内在企业服务云发布。", "什么时候发布？")).toBe(true);
    expect(statesFact("year", "2024年6月底前完成。", "什么时候完成？")).toBe(true);
  });

  it("asks a place by the keyword 地点, and a street address only by a house number", () => {
    expect(askedFact("西岭 投资推介会 时间 地点")).toBe("address");
    expect(statesFact("address", "举办“投资西岭”推介会4场。", "投资推介会 地点")).toBe(false);
    expect(statesFact("address", "在知汇大厦设立服务站。", "What's the street address of the 知汇大厦?")).toBe(false);
    expect(statesFact("address", "服务站设在漕溪北路18号。", "What's the street address of the service station?")).toBe(true);
    expect(statesFact("address", "在知汇大厦设立服务站。", "服务站在哪里")).toBe(true);
  });
});

describe("a few more or fewer, and registering an address", () => {
  it("reads 少查几次 / 多跑几趟 as 'a few fewer / more', not a count asked; 至少/最多几天 still asks one", () => {
    expect(askedFact("能不能少查几次")).toBeNull();
    expect(askedFact("要多跑几趟吗")).toBeNull();
    expect(askedFact("至少要几天")).toBe("count");
    expect(askedFact("最多几天能办好")).toBe("count");
  });

  it("does not read registering an office address as asking for one", () => {
    expect(askedFact("Can we register our office address just by making a commitment?")).toBeNull();
    expect(askedFact("What is the office address of the service centre?")).toBe("address");
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

describe("a phone number, an exact date, eligibility conditions and the names behind a count", () => {
  it("asks a phone number, and is not answered by the number the question already gives", () => {
    const q = "12345企业专席的电话号码是多少";
    expect(askedFact(q)).toBe("phone");
    expect(statesFact("phone", "开通12345企业服务专席。", q)).toBe(false);
    expect(statesFact("phone", "开通企业服务专线021-12345678。", q)).toBe(true);
  });

  it("asks an exact date or month, stated by a month or day, not by a year alone", () => {
    expect(askedFact("惠企政策清单什么时候发布？具体日期？")).toBe("date");
    expect(askedFact("In which month do applications open?")).toBe("date");
    expect(statesFact("date", "2024年发布惠企政策清单。")).toBe(false);
    expect(statesFact("date", "每年3月发布惠企政策清单。")).toBe(true);
  });

  it("asks eligibility conditions, stated only by a clause that sets some", () => {
    expect(askedFact("申请免申即享的补贴，企业要满足什么条件？")).toBe("conditions");
    expect(askedFact("Am I eligible for the rent waiver?")).toBe("conditions");
    expect(statesFact("conditions", "推行惠企政策免申即享。")).toBe(false);
    expect(statesFact("conditions", "对符合条件的小微企业给予补贴。")).toBe(true);
  });

  it("asks the items a list holds (具体列了哪些, which items exactly)", () => {
    expect(askedFact("免罚清单上具体列了哪些违法行为？")).toBe("names");
    expect(askedFact("Does the no-penalty list cover food safety? Which items exactly?")).toBe("names");
    expect(statesFact("names", "落实市、区两级免罚清单，对轻微违法行为不予处罚。")).toBe(false);
    expect(statesFact("names", "免罚清单包括：未按时年报、未公示信息；逾期备案。")).toBe(true);
  });

  it("asks the names behind a count, stated only where the clause lists them", () => {
    expect(askedFact("新增的12项高效办成一件事具体是哪12项？")).toBe("names");
    // Which one asks no names behind a count.
    expect(askedFact("那主办单位是哪一个？")).not.toBe("names");
    // How many is a count, not the names: a clause that states the number answers it.
    expect(askedFact("新增了几项高效办成一件事？")).toBe("count");
    expect(statesFact("count", "新增12项高效办成一件事。", "新增了几项高效办成一件事？")).toBe(true);
    expect(statesFact("names", "新增12项高效办成一件事。")).toBe(false);
    expect(statesFact("names", "新增开办餐馆、开办药店、开办书店等12项高效办成一件事。")).toBe(true);
    // A list of other things (the aims of a section) does not name the 12 the question asks about.
    const q = "新增的12项高效办成一件事具体是哪12项？";
    expect(statesFact("names", "全面实施前台综合受理、后台分类审批、窗口统一出件。", q)).toBe(false);
    expect(statesFact("names", "新增开办餐馆、开办药店、开办书店等12项高效办成一件事。", q)).toBe(true);
    expect(statesFact("names", "新增开办餐馆、开办药店、开办书店等112项事项。", q)).toBe(false);
  });

  it("reads a minimum salary as an amount asked for", () => {
    expect(askedFact("What minimum salary must the foreign hire have?")).toBe("money");
    expect(askedFact("外籍人才的最低工资要求是多少")).toBe("money");
  });
});

describe("an English address or rate asked for", () => {
  it("is the noun asked for, not the verb nor where to find something", () => {
    expect(askedFact("What is the address of the service centre?")).toBe("address");
    expect(askedFact("Where is the tax office?")).toBe("address");
    expect(askedFact("Does the plan address that?")).toBeNull();
    expect(askedFact("Can I register my company at a residential address?")).toBeNull();
    expect(askedFact("Where can I find all of the support policies in one list?")).toBeNull();
  });

  it("is a rate asked for, not rating a service", () => {
    expect(askedFact("What is the interest rate on the loan?")).toBe("rate");
    expect(askedFact("What rate do they charge?")).toBe("rate");
    expect(askedFact("What response time and resolution rate does the district promise?")).toBe("rate");
    expect(askedFact("How can I rate the service I got?")).toBeNull();
    expect(askedFact("Is there a way to rate the officials?")).toBeNull();
  });
});

describe("a count asked in a unit", () => {
  it("asks a count for 几枚 / 多少个工作日 / 几年以内, not for an ordinal, recent years, which-ones or 'a few'", () => {
    expect(askedFact("开办企业能免费刻几枚章？")).toBe("count");
    expect(askedFact("办完要多少个工作日")).toBe("count");
    expect(askedFact("初创企业是成立几年以内的")).toBe("count");
    expect(askedFact("这是第几条措施")).toBeNull();
    expect(askedFact("近几年有什么新政策")).toBeNull();
    expect(askedFact("要协调哪几条轨道交通线")).toBeNull();
    expect(askedFact("我们几个人开的小公司，贷款难")).toBeNull();
  });

  it("counts people as 人, 名 or 位 (引进多少人才 is answered by 引进人才200名)", () => {
    expect(statesFact("count", "引进高层次人才200名。", "要引进多少人才啊")).toBe(true);
    expect(statesFact("count", "发放人才补贴3000万元。", "要引进多少人才啊")).toBe(false);
  });

  it("is stated only by a number in the asked unit (days as working days or 当日; 万 before the unit)", () => {
    const q = "开办企业能免费刻几枚章？";
    expect(statesFact("count", "新开办企业免费刻制公章。", q)).toBe(false);
    expect(statesFact("count", "新开办企业免费刻制4枚公章。", q)).toBe(true);
    expect(statesFact("count", "企业开办1个工作日内办结。", "开办企业要几天")).toBe(true);
    expect(statesFact("count", "企业开办当日办结。", "开办企业要几天")).toBe(true);
    expect(statesFact("count", "企业开办压缩至2天，覆盖3类企业。", "覆盖多少户")).toBe(false);
    expect(statesFact("count", "覆盖市场主体12万户。", "覆盖多少户")).toBe(true);
  });
});

describe("opening hours, a ratio's cap and a change asked by how much", () => {
  it("states hours by a time of day or working days, not by a number of working days", () => {
    expect(askedFact("服务大厅晚上几点关门")).toBe("hours");
    expect(statesFact("hours", "企业诉求3个工作日内办结。")).toBe(false);
    expect(statesFact("hours", "诉求十个工作日内答复。")).toBe(false);
    expect(statesFact("hours", "工作日延时服务至晚上8点。")).toBe(true);
    expect(statesFact("hours", "窗口工作日全天开放。")).toBe(true);
  });

  it("asks a ratio's cap as a share, not a sum", () => {
    expect(askedFact("投诉不属实的比例上限是多少？")).toBe("rate");
    expect(askedFact("贷款额度上限是多少？")).toBe("money");
  });

  it("asks by how much a thing is cut as a figure, not a sum", () => {
    expect(askedFact("By how much will checks be cut for each firm?")).not.toBe("money");
    expect(askedFact("How much does the filing cost?")).toBe("money");
  });
});

describe("a named rate", () => {
  it("asks any rate by its name and is stated only by a clause that names that rate", () => {
    expect(askedFact("出口退税的审核通过率现在是多少")).toBe("rate");
    expect(askedFact("汇率多少")).toBe("rate");
    expect(askedFact("恳谈会频率是多少")).not.toBe("rate");
    expect(statesFact("rate", "网上办税率达到95%。", "审核通过率现在是多少")).toBe(false);
    expect(statesFact("rate", "审核通过率达到95%。", "审核通过率现在是多少")).toBe(true);
    expect(statesFact("rate", "利率下浮10%。", "What is the exchange rate today?")).toBe(false);
  });
});

describe("where a thing is set up", () => {
  it("is stated by a clause saying where it is set up, while an address still needs a named place", () => {
    const clause = "在各街道便民服务中心设置帮办窗口。";
    expect(statesFact("address", clause, "帮办窗口设在哪里")).toBe(true);
    expect(statesFact("address", clause, "帮办窗口的地址在哪里")).toBe(false);
    expect(statesFact("address", "推行帮办服务。", "帮办窗口设在哪里")).toBe(false);
    expect(statesFact("address", clause, "帮办窗口设在哪两个街道")).toBe(false);
  });
});

describe("the names behind a count the asker gives first", () => {
  it("are listed only by a clause that speaks of that count", () => {
    const list = "在餐饮、零售、物流等行业推行信用报告替代证明。";
    expect(askedFact("8个行业具体是哪些")).toBe("names");
    expect(statesFact("names", list, "8个行业具体是哪些")).toBe(false);
    expect(statesFact("names", "在餐饮、零售、物流等8个行业推行信用报告替代证明。", "8个行业具体是哪些")).toBe(true);
    expect(statesFact("names", list, "信用报告替代具体是哪些行业")).toBe(true);
  });
});
