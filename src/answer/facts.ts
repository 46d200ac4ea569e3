import type { FactKind } from "./messages.ts";

/** A count asked in a unit: 几枚, 多少个工作日, 几年以内; not 第几 (an ordinal), 近几年 (recent years) 哪几条 (which ones: names), 我们几个人 or 十几家 (a few, not a question). */
/** 少查几次 / 多跑几趟: "a few fewer / more", no count asked (a lookbehind alternative before 几). */
export const FEW_MORE_OR_FEWER = String.raw`(?<![至最多])少\p{Script=Han}|(?<![最至许好很差])多\p{Script=Han}`;

const COUNT_ASKED = new RegExp(
  String.raw`(?<![第近前这那好哪们十]|${FEW_MORE_OR_FEWER})(?:几|多少)\s*(个工作日|工作日|个月|枚|个|年|天|日|次|项|家|条|类|批|种|所|人|名|户|场|期|轮|倍|周|小时|张|份|套|台|平方米|亩)`,
  "u",
);

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千半]+)`;

/**
 * The kind of fact a question asks for, when it asks for one a clause must state outright: a fee, a
 * rate, an address, opening hours, a year. A clause that shares the question's topic but states no such
 * fact does not answer it (汇企贷的贷款利率是多少 is not answered by the clause that only names 汇企贷).
 */
const ASKED: [FactKind, RegExp][] = [
  // English "rate" as a noun (the rate, resolution rate), not the verb after its subject or "to" (how can I rate the service).
  // A ratio's cap (差评不属实的比例上限是多少) is a share, no sum.
  [
    "rate",
    /利率|利息|税率|费率|(?![频效概功速])\p{Script=Han}率(?:现在|目前|一般|大概|是|为|有){0,2}(?:多少|多高|几)|缴费比例|缴存比例|退税比例|报销比例|(?:比例|占比|百分比|比重)[^，。？?]{0,4}(?:上限|下限|多少|多高|几)|interest rate|tax rate|\brates?\b(?<!\b(?:i|we|you|they|to|can|could|should|will|would|please|me|us) rates?)|percentage/iu,
  ],
  [
    "money",
    /多少钱|(?:费用|收费|价格|租金|奖金|邮费|工资|薪酬|薪水|罚款|金额|额度|补贴|补助|资助|奖励|基数|利息)(?:标准|上限)?(?:是|有|要|能|为|大概|一般)?(?:多少|几|多高|多大)|多少(?:费用|钱|万)|几万|上限是?多少|(?<!\bby )how much (?:does|is|will|money|do|are|can)|what (?:is|are) the (?:fees?|costs?|prices?|salary|wages?|rent|amount)|\b(?:minimum wage|salary level)\b|(?:minimum|lowest) (?:salary|wage|pay|income)|salary (?:threshold|requirement|floor)|最低(?:工资|薪资|薪酬|年薪|月薪)|(?:工资|薪资|薪酬|年薪)(?:要求|门槛|下限)/i,
  ],
  [
    "address",
    /(?<!注册|办公|经营|住所)地址|(?:^|\s)地点(?:\s|$)|(?:举办|活动|具体)地点|在哪(?:里|儿)?(?!些|个|一|找|查|看|下载|获取|领|办|申请|报名|登记|能)|具体位置|哪条路|哪几个街道|\bwhere (?:is|are)\b|(?<!\bregist(?:er|ering|ered|ration of) (?:our |my |the |an? |your )?(?:office |business |company )?)\b(?:the|its|their|your|exact|street|office|postal|mailing|physical) address(?:es)?\b(?! (?:the|this|that|it|these|those|my|our)\b)|\baddress of\b|\b(?:the|its|exact) location\b/i,
  ],
  ["hours", /几点|营业时间|工作时间|上班时间|开放时间|办公时间|what time|opening hours|office hours|\bhours\b/i],
  [
    "phone",
    /电话(?:号码)?(?:是|为)?(?:多少|几|什么)|(?:联系|咨询|服务)电话|号码是多少|phone number|telephone|contact number|what number (?:do|should|can) i call/i,
  ],
  [
    "date",
    /具体(?:日期|哪天|哪一天|时间)|几月几[号日]|哪(?:一)?天|哪个月|几月份?(?:开始|发布|开放|受理|申报)|in which month|which month|what date|exact date|which day|on what day/i,
  ],
  [
    "conditions",
    /(?:满足|符合|具备)(?:什么|哪些|啥)(?:样的)?(?:条件|要求|资格)|(?:申请|享受|申报|办理)(?:的)?(?:条件|资格|门槛)|什么(?:样的)?(?:条件|资格)|门槛是|\beligib(?:le|ility)\b|\bwho (?:can|qualifies)\b|\bqualif(?:y|ies|ication)\b.*\b(?:for|to)\b|requirements? (?:to|for) (?:apply|qualify|get)/i,
  ],
  // The names behind a count the asker already knows (具体是哪12项): the clause must list them, not only count them.
  // 哪一个 / 哪一家 asks which one, not for the names behind a count.
  [
    "names",
    /(?:具体|分别)?是?哪(?!一(?:项|个|家|条|类|所))(?:\d+|[一二三四五六七八九十两]+)(?:项|个|家|条|类|所)|(?:具体|分别)(?:是|列了|列出了|包括|包含)哪(?:些|几)|\bwhich (?:[a-z-]+ ){0,2}exactly\b|\bexactly which\b|\bwhich (?:are|were) the \d+\b|\bname (?:the|all|them)\b|\blist (?:them|all of them)\b/i,
  ],
  // When an event happens (上线, 出台, 发布, go live, the application deadline) must be written; when a measure is
  // to be completed (什么时候完成, by when, the deadline for…) is the deadline answer's, which says when none is set.
  [
    "year",
    /哪一年|哪年|几几年|(?:什么时候|啥时候|何时|几时)(?:能|才能|可以|会|要)?(?:正式)?(?:建成|通车|完工|开通|建好|投用|投入使用|上线|出台|推出|发布|印发|落地|到位)|哪年(?:能)?(?:建成|通车)|which year|when will .* (?:open|be completed|be finished|launch|go live|be issued|be published)|\bapplication deadline\b|\bdeadline (?:for applications|to apply)\b/i,
  ],
  // A count in a unit (几枚章, 成立几年以内, 多少个工作日): last, so a fee, a year or an hour is asked as such.
  ["count", COUNT_ASKED],
];

const STATES: Record<FactKind, RegExp> = {
  rate: /\d+(?:\.\d+)?\s*[%‰]|百分之|[一二三四五六七八九十\d]成|利率|税率|费率|贴息/,
  money: /\d+(?:\.\d+)?\s*(?:万|亿)?元|免费|免收|不收取|零收费|零费用|不收费/,
  // A named street or building (长寿路街道, 知汇大厦), not 各街道 or 思路.
  address: /[\p{Script=Han}]{2,}(?<![各等全本该])(?:街道|大厦|大楼|广场)|[\p{Script=Han}]{2,}路\d+号|\d+号/u,
  // Working days as opening days (工作日9:00, 周一至周五), not as a duration (3个工作日内办结).
  hours: /\d{1,2}\s*[:：点]|全天|24小时|(?<![\d一二两三四五六七八九十]\s*个?)工作日|周[一二三四五六日]/,
  // Or a deadline relative to the event (新出台政策一个月内发布).
  year: /\d{4}\s*年|年底|年内|年前|[\d一二两三四五六七八九十]+\s*个?(?:月|日|天|工作日)(?:以)?内/,
  phone: /\d{3,4}[-－—]\d{7,8}|(?<!\d)\d{7,11}(?!\d)|(?<!\d)\d{5}(?!\d)/,
  date: /\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|月底|月初|上旬|中旬|下旬|季度|每月/,
  conditions: /条件|符合|满足|具备|资格|须|应当|需(?:要)?(?:提供|具有|达到)|以上的?(?:企业|人员)|不低于|不超过|年满|认定/,
  // Three or more items set out (甲、乙、丙) or a colon leading into them.
  count: new RegExp(NUMBER),
  names: /[^、，。；\s]{1,16}、[^、，。；\s]{1,16}、|[：:][^。]{4,}[；;]/,
  // A unit the clause names in its text where no unit line gives one (本措施由区发展改革局负责解释, 区政府督查室将…督查).
  unit: /(?:区|市)[\u3400-\u9fff]{1,12}?(?:局|委员会|委|办公室|办|室|中心|法院|检察院|分局)|领导小组|主要领导|由[^，。；]{1,16}(?:负责|牵头|督查|解释)/,
};

/**
 * The unit a count question asks in, and the units a clause may state that count in. 个 asks a bare count, which
 * any number answers; 天 is stated as days, working days or 当日.
 */
function countUnits(question: string): string[] | null {
  const unit = COUNT_ASKED.exec(question)?.[1];
  if (!unit) return null;
  if (unit === "个") return [];
  if (unit === "天" || unit === "日" || unit === "个工作日" || unit === "工作日") return ["天", "日", "个工作日", "工作日"];
  if (unit === "个月") return ["个月", "月"];
  // People are counted as 人, 名 or 位 (引进多少人才 is answered by 引进人才200名).
  if (unit === "人" || unit === "名") return ["人", "名", "位"];
  return [unit];
}

export function askedFact(question: string): FactKind | null {
  for (const [kind, re] of ASKED) if (re.test(question)) return kind;
  return null;
}

/** A rate the question names (税率, tax rate) must be named by the clause too, not only any percentage. */
const NAMED_RATES: [RegExp, RegExp][] = [
  // 网上办税率 is the share of taxes filed online (办税 + 率), no tax rate.
  [/(?<![办辦纳納缴繳退减減涉完])(?:税率|稅率)|tax rate/i, /(?<![办纳缴退减涉完])税率/],
  [/利率|interest rate|利息/i, /利率|利息|贴息/],
  [/费率/, /费率/],
  [/汇率|exchange rate/i, /汇率/],
];

/**
 * Any other rate the question names (征收率, 办结率, 通过率): the clause must name that rate, not only state some
 * percentage of another (网上办税率达到98% does not give 增值税的征收率).
 */
const OTHER_RATE = /(\p{Script=Han}{2})率/gu;

function namedRates(question: string): string[] {
  return [...question.matchAll(OTHER_RATE)].map((m) => m[0]).filter((r) => !/[利税费汇频效概功速]率$/.test(r));
}

/** 设在哪里 asks where; 设在哪两个街镇 asks which ones, by name. */
const SET_UP_WHERE = /(?:设|建|放|开)在哪(?:里|儿)?(?=[？?。，,！!呢啊呀]|$)|在哪(?:里|儿)?(?:设|建|开设)/;
const SET_UP_AT = /在[^，。；]{2,16}(?:设置|设立|开设|建设|设)|(?:设在|位于|设于|建在)[^，。；]{2,}/;

/** Whether a clause states the asked-for fact; a year is also stated by the clause's own deadline (2024年6月底前). */
export function statesFact(kind: FactKind, clauseText: string, question = "", deadline?: { date: string | null } | null): boolean {
  if (kind === "year" && deadline?.date) return true;
  // A street address or a house number asked (street address, 门牌, 详细地址) is stated only with a number (漕溪北路18号).
  if (kind === "address" && /street address|门牌|详细地址|具体地址|几号楼/i.test(question)) return /\d+\s*号/.test(clauseText);
  // Where a thing is set up (窗口设在哪里), not its address: a clause saying where it is set up answers (在各街道便民服务中心设置).
  if (kind === "address" && SET_UP_WHERE.test(question) && !/地址|位置/.test(question) && SET_UP_AT.test(clauseText)) return true;
  // A number the question already gives (12345) is no answer to "what is the number".
  if (kind === "phone") return [...clauseText.matchAll(new RegExp(STATES.phone.source, "g"))].some((m) => !question.includes(m[0]));
  if (kind === "rate") {
    for (const [asked, named] of NAMED_RATES) if (asked.test(question) && !named.test(clauseText)) return false;
    if (namedRates(question).some((r) => !clauseText.includes(r))) return false;
  }
  // The names behind "哪12项" are listed only by a clause that speaks of those 12.
  if (kind === "names") {
    // The count may come first (23个领域具体是哪些): the clause must speak of those 23 too.
    const count =
      /哪(\d+)(?:项|个|家|条|类|所)|\bwhich (?:are|were) the (\d+)\b|(\d+)\s*(?:项|个|家|条|类|所)[^，。？?\d]{0,10}?(?:具体|分别)(?:是|有|包括)?哪(?:些|几)/i.exec(
        question,
      );
    const n = count?.[1] ?? count?.[2] ?? count?.[3];
    if (n && !new RegExp(`(?<!\\d)${n}(?!\\d)`).test(clauseText)) return false;
  }
  if (kind === "count") {
    const units = countUnits(question) ?? [];
    if (!units.length) return new RegExp(NUMBER).test(clauseText);
    // 当日办结 / 即办 states a count of days without a number.
    if (units.includes("天") && /当日|当天|即办|即时办结|立等可取/.test(clauseText)) return true;
    return new RegExp(`${NUMBER}\\s*(?:万|亿)?\\s*(?:${units.join("|")})`).test(clauseText);
  }
  return STATES[kind].test(clauseText);
}
