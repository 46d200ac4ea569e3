/**
 * What an English question asks a clause to state, in the same kinds as the Chinese rules of scope.ts:
 * a figure (how long, how much, what rate) or a facet (the documents to hand in). A clause that shares
 * the question's words but states no such thing does not answer it ("How much rent discount can we get?"
 * against a clause about premises that names no sum).
 */
export type QuantityEn = "duration" | "count" | "share" | "money" | "number";

/** Things a count of which is answered by the units or parts a clause lists, not by a figure it states. */
const LISTED =
  "(?:departments?|units?|agenc(?:y|ies)|offices?|bureaus?|authorit(?:y|ies)|measures?|parts?|sections?|copies|windows?|steps?)";
/** Money words: a sum is what the question wants. */
const MONEY =
  "(?:money|subsid(?:y|ies)|grants?|rewards?|bonus(?:es)?|funding|funds?|cash|allowances?|compensation|rent|discounts?|rebates?|wages?|salar(?:y|ies)|pay|fees?|costs?|prices?|loans?|financing|amount|sums?|yuan|rmb)";

/**
 * A question that asks two things (…bad reviews, and how many pages…) asks no one figure of every clause it
 * cites: the figure rules read a question that asks one.
 */
export function asksSeveralEn(question: string): boolean {
  return /[,;]?\s+(?:and|also|plus)\s+(?:how|what|which|who|when|where|whether|is|are|does|do|can|will)\b/i.test(question);
}

/** "By how much" (cut inspections by how much) asks a change, which any figure states (减少30%), not a sum. */
export const ASKED_QUANTITY_EN: [QuantityEn, RegExp][] = [
  [
    "duration",
    /\bhow (?:long|fast|quickly|soon)\b|\bhow many (?:(?:working|business|calendar) )?(?:days|hours|minutes|weeks|months|years)\b|\bwithin how\b|\bin how many days\b/i,
  ],
  [
    "share",
    // "What's the…" is "what is the…"; a money word before rate (fee rate, interest rate) names a share, not a sum.
    new RegExp(
      String.raw`\b(?:what|which)(?: is| are|'s|’s)? (?:the )?(?:[a-z-]+ ){0,3}(?:rate|ratio|percentage|proportion)s?\b|\bhow high is the [a-z ]*rate\b|\bwhat percent(?:age)?\b|\b${MONEY} (?:rate|ratio|percentage)s?\b`,
      "i",
    ),
  ],
  [
    "money",
    new RegExp(
      // A fee, a price or a fine asked by name (what's the management fee, the fine amount, price per mu); not a fee rate.
      String.raw`\bwhat(?: is|'s|’s| are) the (?:[a-z-]+ ){0,3}(?:fees?|prices?|costs?|charges?|fines?)\b(?! (?:rate|ratio|percentage|ceiling|cap)s?\b)|\b(?:fine|fee|penalty) amounts?\b|\bprice per\b|(?<!\bby )\bhow much\b(?:[^?.]{0,40}\b${MONEY}\b)|\b${MONEY}\b[^?.]{0,30}\bhow much\b|\b(?:maximum|max|biggest|largest|highest|upper limit|cap|ceiling)\b[^?.]{0,20}\b${MONEY}\b|(?<!\bby )\bhow much (?:can|will|do|does|would|could)\b[^?.]{0,30}\b(?:get|receive|claim|pay|cost|give)\b`,
      "i",
    ),
  ],
  [
    "count",
    new RegExp(String.raw`\bhow many\b(?! ${LISTED}\b)(?! (?:(?:working|business) )?(?:days|hours|minutes|weeks|months|years)\b)`, "i"),
  ],
  ["number", /\bhow much\b|\bwhat(?: is|'s) the (?:number|figure|amount|level)\b/i],
];

/**
 * What a question asks a clause to spell out besides a figure: a ceiling per firm (said by a cited clause),
 * the documents to hand in (said by the first: a dictionary reading reaches clauses that share one word).
 */
export const FACETS_EN: [asked: RegExp, stated: RegExp, firstOnly?: boolean][] = [
  // The most one firm or one loan can get is a ceiling (最高, 单笔, 每家), not the size of the whole fund.
  [
    new RegExp(
      String.raw`\b(?:maximum|max|upper limit|cap|ceiling|at most)\b[^?.]{0,40}\b${MONEY}\b|\b${MONEY}\b[^?.]{0,40}\b(?:maximum|max|upper limit|cap|ceiling)\b|(?<!\bby )\bhow much\b[^?.]{0,40}\b(?:per|each|a single|one) (?:individual |single )?(?:company|firm|enterprise|business|applicant|project|loan|person|individual|hire|employee|recipient|talent)\b`,
      "i",
    ),
    // A rate or sum "reduced to 1% or below" (降至1%以下) states its ceiling as much as 最高 does.
    /最高|上限|不超过|不高于|最多|单笔|每家|每户|每个|每人|每项|封顶|\d(?:\.\d+)?\s*(?:%|‰|万元|亿元|元)(?:及)?以(?:下|内)/,
  ],
  // A sum per unit of something (per kWh, per mu, per square metre): the clause must state a rate per unit (每千瓦时, 元/亩).
  [
    /\bper (?:kwh|kilowatt[- ]hours?|mu|square (?:metre|meter)s?|sq\.? ?m|tonne|ton)\b/i,
    /每(?:千瓦时|度|亩|平方米|吨)|元\s*[/／]\s*(?:千瓦时|度|亩|平方米|吨)/,
  ],
  // A revenue threshold (the revenue threshold for the VAT exemption): the clause must bound a revenue (月销售额10万元以下).
  [
    /\b(?:revenue|turnover|sales) (?:threshold|limit|ceiling|cap|requirement)s?\b|\bthreshold\b[^?.]{0,20}\b(?:revenue|turnover|sales)\b/i,
    /(?:销售额|营业收入|营收|收入)[^。；]{0,12}\d/,
  ],
  // A threshold a caller must meet (minimum salary, minimum registered capital): a clause must state a sum or the threshold's name.
  [
    /\b(?:minimum|min|lowest|at least)\b[^?.]{0,30}\b(?:salary|salaries|wages?|income|pay|capital|investment)\b|\b(?:salary|wage|income|capital) (?:threshold|requirement|floor)s?\b/i,
    /\d+(?:\.\d+)?\s*(?:万|亿)?元|注册资本|工资|薪酬|年薪|收入/,
  ],
  // A month or a date (in which month do applications open): a clause must write one, not only the topic.
  [
    /\b(?:in |on |by )?(?:which|what) (?:month|date|day of the month|exact date)\b|\bexact date\b|\bwhat time of (?:the )?year\b/i,
    /\d{1,2}\s*月|(?:19|20)\d{2}\s*年|[一二三四五六七八九十]{1,2}月|月底|月前|年底|年内|季度|上半年|下半年/,
  ],
  [
    /\b(?:what|which) (?:documents|materials|paperwork|papers|forms)\b|\b(?:documents|materials|paperwork|papers) (?:do|must|should|would) (?:i|we|you)\b|\b(?:documents|materials|paperwork) (?:are|is) (?:needed|required)\b/i,
    // Not 清单 or 证明: a 负面清单 or 证明事项 is no list of documents to hand in.
    /材料|资料|要件/,
    true,
  ],
];

/**
 * A question about China as a whole (the income tax rate in China, a visa to China, Chinese law, WFOE
 * versus joint venture in China) asks for national rules, which no district's plan states: unless it
 * names a covered district, sharing words with a clause does not make it one the plans answer.
 * "Entering China" or "the China-Israel park" is no such scope.
 */
const NATIONAL_SCOPE_EN =
  /\b(?:in|to|across|throughout|within|for) (?:mainland )?china\b(?![-\u2010-\u2015])|\b(?:chinese|prc|national) (?:law|laws|regulations?|legislation|rules)\b|\bnationwide\b|\bunder chinese\b|\bin the prc\b/i;

export function asksNationalRules(question: string): boolean {
  return NATIONAL_SCOPE_EN.test(question);
}
