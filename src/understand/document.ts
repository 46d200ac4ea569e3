/**
 * Questions about a plan as a document (its 文号, issuer, dates, validity, the documents it implements,
 * how many measures or parts it has, what a part covers), told from questions about its content by
 * what is left once the document words are taken out: little or nothing.
 */
export type DocumentAspect =
  | "title"
  | "docNumber"
  | "issuer"
  | "recipients"
  | "copies"
  | "issueDate"
  | "effectiveDate"
  | "validity"
  | "basis"
  | "supersedes"
  | "count"
  | "sections"
  | "parts"
  | "part"
  | "benchmark"
  | "reporting"
  | "roles";

export interface DocumentQuestion {
  aspects: DocumentAspect[];
  /** For "part": which part (1-based). */
  part?: number;
  /** For "part": the part named by its title (“强化营商环境建设保障”这一部分) rather than its number. */
  partTitle?: string;
  /** For "part": the plan's last part (最后的工作要求, the final part). */
  last?: boolean;
  /** Whether the plan has such a field at all (有文号吗, does it have a document number): "none stated" answers it. */
  yesNo?: boolean;
}

/** Asking whether a field exists (有文号吗, 有没有有效期, does it have a document number). */
const YES_NO_RE =
  /^[^，。？?]{0,20}(?:有没有|有无|是否有)|有[^，。？?]{1,8}(?:吗|么|嘛)[？?]?$|\b(?:does|do) (?:it|the plan|this plan|they) (?:have|carry|state|give)\b|\bis there (?:a|an|any)\b/i;

const ASPECTS: [DocumentAspect, RegExp][] = [
  [
    "title",
    // The plan's name (全称, 标题, official title) and the collection itself (收录了哪些方案, which plans do you have).
    /全称|全名|标题|题目|(?:方案|文件|计划|措施|清单|要点|通知)(?:的)?(?:名称|名字|叫(?:什么|啥)(?:名字)?)|(?:收录|覆盖|涵盖|包括|包含)(?:了)?(?:哪些|哪几个|哪几份|哪几|什么)(?:区|地方|地区)?的?(?:方案|文件|计划|政策文件)|有(?:哪些|哪几个)(?:区|地方|地区)的?(?:方案|文件|计划)|(?:full|official|exact|complete) (?:title|name)|\btitles? of (?:the |its |this |these |your )?[\w']*\s?(?:plans?|documents?)|\bname of (?:the |its |this )?[\w']*\s?(?:plan|document)|(?:plan|document)s? (?:called|named|titled)|what is (?:the |this )?\w*\s?(?:plan|document) called|(?:which|what) (?:plans|documents|districts?) (?:do|does|can) (?:you|it) (?:cover|have|hold|include|know)|(?:which|what) (?:plans|documents) (?:are|are there) (?:covered|included|in (?:the|your) (?:collection|database))/i,
  ],
  [
    "docNumber",
    /文号|发文字号|发文号|文件号|文件编号|document (?:number|no)|reference number|doc(?:ument)? no\b|\bdoc number\b|file number|(?:plan|document)(?:'s)? (?:reference |serial )?number|number of (?:the |its |this )?[\w']*\s?(?:plan|document)/i,
  ],
  [
    "issuer",
    /印发单位|发文单位|发文机关|落款(?:单位|机关|部门|是(?:哪|谁|什么))|署名(?:单位|机关)|发布单位|发布机关|制定单位|(?:哪个|哪些|什么|哪家)(?:单位|部门|机关|机构)(?:联合)?(?:印发|发布|制定|出台|起草|制发|发|出)|(?:谁|由谁)(?:起草|制发)|(?:谁|由谁|谁家)(?:印发|发布|制定|出台|发|出|定)|发文的是谁|是谁(?:印发|发布|制定|出台|发|出)|issued by|\bby whom\b|who (?:actually |really |exactly |originally |officially )?(?:issued|published|released|wrote|put out|made)|issuer|issuing (?:body|authority|office)|(?:which|what) (?:bod(?:y|ies)|offices?|authorit(?:y|ies)|government bod(?:y|ies)|agenc(?:y|ies)|departments?|organs?) (?:issued|published|released|put out|signed)/i,
  ],
  ["recipients", /下发给|发给了?(?:哪|谁)|主送|印发给|发送给|发到了?哪|sent to|addressed to|recipients?/i],
  ["copies", /印了?多少份|印数|共印|印了几份|多少份|how many copies/i],
  [
    "issueDate",
    /成文(?:日期|时间)|落款(?:日期|时间)|(?:是|都是|分别是)(?:哪|几)(?:一)?年(?:的|出的|发的)|(?:哪天|哪一天|什么时候|啥时候|什么时间|何时|几月几[号日]|几号|哪年|日期|时间)[^，。？?]{0,4}(?:印发|发布|出台|发文|下发|颁布|发的|出的|发出|出来)|^(?:the )?date of\b|\b(?:what|which) (?:is the )?date (?:is|was|of|on)\b|\bdated\b|(?:印发|发布|出台|发文|下发|颁布)[^，。？?]{0,3}(?:日期|时间|于|是哪|是什么时候|是啥时候|是几)|when (?:was|were|did) .*(?:issued|published|released|issue|publish|come out)|issue date|date of issue|issued on|\bon what (?:date|day)\b|\bpublished on the same day\b|\b(?:was|were) (?:it |they )?signed\b|(?:发布|公布)(?:日期|时间)|成文|(?:what|which) date was .*(?:issued|published)/i,
  ],
  [
    "effectiveDate",
    /施行|生效|起(?:实施|执行)|开始实施|实施(?:日期|时间)|开始执行|执行(?:日期|时间)|take effect|took effect|takes effect|come into (?:force|effect)|came into (?:force|effect)|effective (?:date|from|since)|in force (?:from|since)|when .* (?:start|begin) to apply/i,
  ],
  [
    "validity",
    /有效期|有效期限|有效到|(?:实施|执行|适用)(?:期限|期间|周期|期)|(?:是|管|覆盖)?哪几年|管到(?:哪|什么时候|几)|(?:到|至)哪(?:一)?年(?:结束|截止|为止)?|period of (?:implementation|validity|application)|implementation period|time ?frame of the (?:plan|document)|what period does|(?:什么时候|何时|啥时候|哪天|哪年)(?:到期|失效)|(?:到期|失效)(?:时间|日期)|(?:是否|有没有|是不是)(?:已经)?(?:到期|失效)|截止到?哪|到哪一?年为止|到什么时候为止|(?:还|是否|有没有|是不是)(?:还)?(?:有效|管用|在执行|能用)|有没有效|现行有效|管(?:几|多少)年|valid until|until when|validity|expire|expiry|how long .* valid|still (?:valid|in force|in effect|effective|applicable|current)|in force|when does (?:it|the plan) (?:end|expire|run out)|end date|how long does (?:it|the plan) (?:last|run)/i,
  ],
  [
    "basis",
    /(?:根据|依据|依照|落实|贯彻|按照)(?:的是)?(?:哪|什么|啥|了哪)|上位(?:文件|政策|法)|制定(?:的)?依据|依据是|是根据|上级文件|(?:based on|implements?|implementing|pursuant to|in line with|derived from) (?:which|what)|(?:which|what) (?:[\w-]+ ){0,2}(?:documents?|regulations?|plans?|polic(?:y|ies)|laws?|rules?)[^?]*(?:based|implement|follow|derive|pursuant|(?:drafted|issued|made|written|formulated) (?:under|according to))|\b(?:higher|upper|superior)[- ]level (?:documents?|plans?|polic(?:y|ies)|regulations?)\b|\bbased on\??$|legal basis/i,
  ],
  [
    "supersedes",
    /废止|作废|取代了?(?:哪|什么|啥)|替代了?(?:哪|什么|啥)|代替了?(?:哪|什么|啥)|替换了?(?:哪|什么|啥)|(?:原来|以前|之前|旧|老)的?(?:那个|哪个|哪份|那份)?(?:文件|方案|政策)|\b(?:replace[sd]?|supersede[sd]?|repeal(?:s|ed)?)\b(?!\s+(?:the|a|an)\s+(?!(?:old|older|previous|earlier|former|existing|plan|document|policy|one)\b)[a-z])|(?:old|previous|earlier|former) (?:plan|document|policy)/i,
  ],
  [
    "count",
    /(?:多少|几)(?:条|项|个)(?:具体|重点|主要|改革|工作)?(?:措施|任务|举措)|措施(?:总共|一共|共)?有?(?:多少|几)(?!个?(?:章|部分|板块|小节|节|方面))|(?:一共|总共|共|总)有?(?:多少|几)(?:条|项)|(?<!哪)有(?:多少|几)(?:条|项)(?![\p{Script=Han}])|how many (?:\w+ )?(?:measures|items|actions|tasks|points|articles)|number of (?:measures|items|tasks)/iu,
  ],
  ["sections", /(?:多少|几)个?(?:小节|板块|章节|节)|how many sections/i],
  [
    "parts",
    /(?:几|多少)(?:个|大)?(?:部分|板块|方面|章|块)|哪(?:几|些)(?:个|大)?块|(?:几|多少)(?:个|大)?(?:部分|板块|方面|章)[^？?]{0,3}分别是|哪(?:几)?(?:个|大)?(?:部分|方面)|哪些部分|分(?:成|为)(?:哪|几)|(?:分|有)(?:几|多少)(?:个)?(?:大)?类|结构|框架|目录|(?:包括|包含)哪(?:些|几)(?:个)?(?:部分|方面)|what (?:are )?(?:its |the )?(?:\w+ ){0,2}(?:parts|chapters|sections)\b|\b(?:main|major|key) (?:sections|parts|headings|chapters)\b|how many (?:main )?(?:parts|chapters)|structure|outline|table of contents|how is it (?:organi[sz]ed|structured|arranged)/i,
  ],
];

/** What a plan measures itself against (对标的是什么评价指标体系, what benchmark does it follow). */
const BENCHMARK_RE =
  /对标(?:的是)?(?:了)?(?:什么|哪|啥)|对照(?:的是)?(?:什么|哪)(?:个|些)?(?:标准|指标|体系)|(?:参照|对标)(?:的)?(?:标准|指标体系|评价体系)|\bbenchmark(?:s|ed|ing)?\b|model(?:l)?ed on|measured against/i;

/** How the plan's own implementation is followed up: progress reports (多久报一次工作进展), supervision (who supervises). */
const REPORTING_RE =
  /(?:报送|上报|汇报|报告|报)(?:一次)?(?:上月|本月)?(?:工作)?(?:进展|进度)|(?:工作)?(?:进展|进度)(?:情况)?[^，。？?]{0,8}(?:报送|上报|报给)|\bwho (?:will |shall |would |is to |is going to )?(?:supervises?|oversees?|monitors?|checks?)\b|\b(?:report|reports|reporting) (?:on )?(?:their |its )?progress\b|\bprogress reports?\b|(?<!监)督查(?:落实|实施)?(?:由谁|谁)|由谁(?:督查|督办|监督)/i;
const REPORTING_WORDS =
  /各|责任|单位|部门|多久|多长时间|一次|报给|报|谁|几号|之前|以前|每个?月|每季度|要|向|哪里|哪个|给|\b(?:whether|actually|being|implemented|implementation|carried|out|units?|agencies|departments|often|frequently|whom|they|their)\b/giu;

/**
 * How the plan marks the lead among several units it lists (表里一行写了好几个单位，哪个算牵头的; which office is
 * the lead when several are listed): answered from the plan's own note on it.
 */
const ROLES_RE =
  /(?:好几个|多个|几个|两个以上|不止一个)(?:责任)?(?:单位|部门)[^？?]{0,16}(?:哪个|哪一个|谁)(?:算|是|为)?(?:牵头|主责)|(?:哪个|谁)算(?:是)?牵头|牵头单位(?:怎么|如何)(?:看|区分|确定|判断|认定)|\b(?:which|how)\b[^?]*\b(?:lead|leading)\b[^?]*\b(?:several|multiple|more than one|many)\b[^?]*\b(?:listed|named|given|shown)\b|\b(?:several|multiple|more than one)\b[^?]*\b(?:listed|named)\b[^?]*\b(?:which|who)\b[^?]*\blead/i;
const ROLES_WORDS =
  /表(?:格)?里?|一行|写了?|列了?|到底|那个|这个|清单|任务|\b(?:in|the|task|list|table|how|do|does|i|we|know|tell|which|office|unit|department|is|are|when|where|row|one|each)\b/giu;

/** What a benchmark is called (评价指标体系, international standards): asked with it, no topic of its own. */
const BENCHMARK_WORDS =
  /评价|指标|体系|标准|国际|先进|一流|水平|\b(?:standards?|indicators?|international|ranking|index|system|against|follow|follows|use|uses)\b/giu;

/** The last part asked for as such: 最后一部分, 最后的工作要求 / 保障措施, the final part. */
const LAST_PART_RE =
  /最后(?:一个?|的)?(?:部分|章|板块)|最后的?(?:工作要求|保障措施|要求|保障)|\b(?:last|final|closing) (?:part|chapter|section)\b/i;

/** A part named as a part: the word for one next to its title. */
const PART_WORD_RE = /部分|板块|这一章|该章|本章|\bpart\b|\bchapter\b|\bsection\b/i;
/** Words that only ask what a part holds, taken out with the part's title before the residue is weighed. */
const PART_ASK_ZH = /这一|那一|部分|板块|章|讲了?|内容|写了?|涉及|有哪几条|哪几条|哪几项|哪些|领域|方面|任务|改革/gu;

/**
 * 几个领域 asks for the outline only when nothing else is asked (安亭区方案有多少个领域); with a topic of its own
 * (裁量基准几个领域) it is a count a clause states.
 */
const FIELDS_RE = /(?:多少|几)个?领域/;

const PART_RE =
  /第([一二三四五六七八九十]+|\d+)(?:个|大)?(?:部分|章)|\bpart (\d+|one|two|three|four|five|six)\b|\b(?:the )?(first|second|third|fourth|fifth|sixth) (?:part|chapter)\b/i;
const NUMERALS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
};

/** Words that name the document or ask, and nothing else. */
const DOCUMENT_WORDS_ZH =
  /行动方案|实施方案|行动计划|方案|文件|通知|计划|清单|措施|要点|若干|现在|目前|还|那|这个|这份|那个|那份|该|本|营商环境|的|是|了|吗|呢|啊|呀|吧|么|啥|什么|多少|哪些|哪个|哪|几|一共|总共|共|具体|当时|主要|内容|讲|说|怎么|在|有|个|份|条|项|从|到|为|由|请问|想|问|知道|一下|制定|出台|印发|发布|开始|起|号|月|日|年|大|分|成|包括|包含|[\s\p{P}\p{S}\da-z]/giu;
const DOCUMENT_WORDS_EN =
  /\b(?:what|whats|which|who|when|how|many|much|is|are|was|were|does|did|do|the|a|an|of|for|in|on|to|by|its|it|this|that|plan|plans|action|document|policy|official|business|environment|district|tell|me|please|and|date|number|s|new|old|still|now|currently|current|year|years|three|five|city|level|municipal|local|government|any|has|have|can|you|our|we|i|main|major|key|work|points|list|reform|organized|organised|structured|arranged|there|only|also|just|jointly|together|party|committee|committees|office|offices|two|both|actually|really|or|section|part|chapter|about|sentence|summary|briefly|one|measures|list|task|they|them|their|valid|exactly|exact|individual|contain|contains|total|overall|numbered|altogether|has|have|in)\b|[\s\p{P}\p{S}\d]/giu;

/**
 * The asker's own purpose, in a clause of its own (…，我写报告要引用; 我想问一下，…; "for our memo"): it names
 * nothing about the plan, so it is no topic of the question.
 */
const PURPOSE =
  /[，,]\s*(?:我|我们)[^，,。？?！!]{0,14}[。？?！!]?$|^(?:我|我们)[^，,。？?！!]{0,14}[，,]|\b(?:for|in) (?:our|my) (?:\w+ )?(?:memo|report|paper|records?|presentation|summary|files?|members|newsletter|article|notes?)\b/giu;

/**
 * The parts most plans have, as English names them (the overall goal, the safeguards), and the words their
 * Chinese titles use, most specific first: "What is the overall goal of the plan?" asks what that part says.
 */
const PART_NAMES_EN: [RegExp, string[]][] = [
  [/\b(?:overall|general|main|key) (?:goals?|objectives?|aims?|targets?)\b/i, ["总体目标", "主要目标", "工作目标", "发展目标", "目标"]],
  [/\b(?:overall|general) requirements?\b/i, ["总体要求", "要求"]],
  [/\bguiding (?:ideology|thought|thinking|principles?)\b/i, ["指导思想", "基本原则"]],
  // Not "guarantee" alone: a loan guarantee is a measure's topic.
  [/\b(?:safeguards?|safeguard measures|implementation (?:safeguards|guarantees|arrangements))\b/i, ["保障措施", "组织保障", "保障"]],
];

/** The title of a plan's part an English question names by what such parts are called, or null. */
function partNamedEn(text: string, partTitles: string[]): string | null {
  for (const [re, words] of PART_NAMES_EN) {
    if (!re.test(text)) continue;
    const word = words.find((w) => partTitles.some((t) => t.includes(w)));
    if (word) return word;
  }
  return null;
}

/** Per language: the words that only name the document or ask, how much is left after removing them, and how much may be. */
const RESIDUE: Record<"zh" | "en", { words: RegExp; leftover: (residue: string) => number; most: number }> = {
  zh: { words: DOCUMENT_WORDS_ZH, leftover: (r) => [...r].length, most: 4 },
  en: { words: DOCUMENT_WORDS_EN, leftover: (r) => r.split(/\s+/).filter((w) => w.length > 2).length, most: 1 },
};

/**
 * What a residue is weighed as. English words taken out leave nothing between the rest, so what is left reads
 * as one word; a count is weighed word by word, as a list's count (how many items are on the no-penalty list
 * for minor violations) is a clause's figure, not the plan's.
 */
const residueGap = (lang: "zh" | "en", aspects: DocumentAspect[]) => (lang === "en" && aspects.includes("count") ? " " : "");

/**
 * `partTitles` are the titles of the plans' parts (让企业扎根更安心): a question quoting one, or naming one
 * next to the word 部分, asks what that part covers.
 */
export function documentQuestion(text: string, lang: "zh" | "en", names: string[], partTitles: string[] = []): DocumentQuestion | null {
  const aspects: DocumentAspect[] = [];
  let rest = text.toLowerCase();
  const part = PART_RE.exec(text);
  if (REPORTING_RE.test(text)) {
    aspects.push("reporting");
    rest = rest.replace(new RegExp(REPORTING_RE.source, "gi"), " ").replace(REPORTING_WORDS, " ");
  }
  if (ROLES_RE.test(text)) {
    aspects.push("roles");
    rest = rest.replace(new RegExp(ROLES_RE.source, "gi"), " ").replace(ROLES_WORDS, " ");
  }
  if (BENCHMARK_RE.test(text)) {
    aspects.push("benchmark");
    rest = rest.replace(new RegExp(BENCHMARK_RE.source, "gi"), " ").replace(BENCHMARK_WORDS, " ");
  }
  for (const [aspect, re] of ASPECTS) {
    const global = new RegExp(re.source, "gi");
    if (global.test(rest)) {
      aspects.push(aspect);
      rest = rest.replace(global, " ");
    }
  }
  if (part) {
    const said = (part[1] ?? part[2] ?? part[3])!;
    const n = NUMERALS[said.toLowerCase()] ?? Number(said);
    // A part named with a question of its own (第二部分…对标什么) is answered from that part; one naming a topic
    // of its own besides (Under the second part, what is there on intellectual property?) asks for the clauses.
    if (n > 0 && !namesTopicBeside(rest.replace(new RegExp(PART_RE.source, "gi"), " "), lang, names))
      return { aspects: ["part", ...aspects.filter((a) => a !== "parts" && a !== "sections")], part: n };
    if (n > 0) return null;
  }
  if (LAST_PART_RE.test(text)) return { aspects: ["part", ...aspects.filter((a) => a !== "parts" && a !== "sections")], last: true };
  rest = rest.replace(PURPOSE, " ");
  const title = namedPart(text, partTitles) ?? (lang === "en" ? partNamedEn(text, partTitles) : null);
  if (title) {
    let left = rest.split(title.toLowerCase()).join(" ");
    for (const [re] of lang === "en" ? PART_NAMES_EN : []) left = left.replace(new RegExp(re.source, "gi"), " ");
    for (const n of [...names].sort((a, b) => b.length - a.length)) left = left.split(n.toLowerCase()).join(" ");
    left = left.replace(PART_ASK_ZH, " ");
    const { words, leftover, most } = RESIDUE[lang];
    if (leftover(left.replace(words, residueGap(lang, aspects))) <= most) {
      return { aspects: ["part", ...aspects.filter((a) => a !== "parts" && a !== "sections" && a !== "count")], partTitle: title };
    }
  }
  const fieldsOnly = !aspects.includes("sections") && FIELDS_RE.test(rest);
  if (fieldsOnly) {
    aspects.push("sections");
    rest = rest.replace(new RegExp(FIELDS_RE.source, "g"), " ");
  }
  if (!aspects.length) return null;
  for (const n of [...names].sort((a, b) => b.length - a.length)) rest = rest.split(n.toLowerCase()).join(" ");
  if (lang === "zh") rest = withoutTitleRuns(rest, names);
  const { words, leftover, most } = RESIDUE[lang];
  if (leftover(rest.replace(words, residueGap(lang, aspects))) > (fieldsOnly ? 0 : most)) return null;
  return YES_NO_RE.test(text.trim()) ? { aspects, yesNo: true } : { aspects };
}

/** Whether what is left of a part question, the part and the asking words out, names a topic of its own. */
function namesTopicBeside(rest: string, lang: "zh" | "en", names: string[]): boolean {
  // A quoted phrase beside the part's number is its title (第二部分“要素配置提质”, the 'support and guarantee' part).
  let left = rest.replace(/[“"'‘「『][^”"'’」』]{2,40}[”"'’」』]/g, " ");
  for (const n of [...names].sort((a, b) => b.length - a.length)) left = left.split(n.toLowerCase()).join(" ");
  if (lang === "zh") left = withoutTitleRuns(left, names);
  const { words, leftover, most } = RESIDUE[lang];
  return leftover(left.replace(PART_ASK_ZH, " ").replace(words, lang === "en" ? " " : "")) > most + 1;
}

/** The longest part title the question quotes (“…”, '…', 「…」) or names next to the word 部分. */
function namedPart(text: string, titles: string[]): string | null {
  const quoted = [...text.matchAll(/[“"'‘「『]([^”"'’」』]{2,40})[”"'’」』]/g)].map((m) => m[1]!);
  const named = titles
    .filter((t) => [...t].length >= 4 && text.includes(t))
    .filter((t) => quoted.some((q) => q === t || (q.length >= 4 && t.includes(q))) || PART_WORD_RE.test(text));
  return named.sort((a, b) => b.length - a.length)[0] ?? null;
}

/**
 * A plan named in part (青山区那个重点任务清单, 促进民营经济高质量发展若干措施的文号) names the document as
 * much as its full title does: every run of three or more characters that some title contains is taken out.
 */
function withoutTitleRuns(text: string, names: string[]): string {
  const titles = names.filter((n) => [...n].length >= 6);
  let out = "";
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && titles.some((t) => t.includes(text.slice(i, j + 1)))) j++;
    if (j - i >= 3) {
      out += " ";
      i = j;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** Words a follow-up is made of besides names: 的呢, what about …'s, and for …? */
const FOLLOWUP_WORDS = /那|那么|还有|呢|的|又|\b(?:what|how|about|and|for|then|also|same|s)\b|[\s\p{P}\p{S}]/giu;

/**
 * A follow-up that names only another plan ("徐汇的呢？", "What about Xuhui's?") asks what the previous
 * question asked of the plan, when that was a document question; any question of its own is read as it is.
 */
export function documentFollowup(
  text: string,
  previous: string | undefined,
  lang: "zh" | "en",
  names: string[],
  partTitles: string[] = [],
): DocumentQuestion | null {
  const own = documentQuestion(text, lang, names, partTitles);
  if (own || !previous) return own;
  let rest = text.toLowerCase();
  for (const n of [...names].sort((a, b) => b.length - a.length)) rest = rest.split(n.toLowerCase()).join(" ");
  if (rest.replace(FOLLOWUP_WORDS, "").length) return null;
  return documentQuestion(previous, detectLang(previous), names, partTitles);
}

const detectLang = (text: string): "zh" | "en" => (/[\u3400-\u9fff]/.test(text) ? "zh" : "en");
