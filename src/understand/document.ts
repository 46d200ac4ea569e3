/**
 * Questions about a plan as a document (its 文号, issuer, dates, validity, the documents it implements,
 * how many measures or parts it has, what a part covers), told from questions about its content by
 * what is left once the document words are taken out: little or nothing.
 */
export type DocumentAspect =
  | "docNumber"
  | "issuer"
  | "recipients"
  | "copies"
  | "issueDate"
  | "effectiveDate"
  | "validity"
  | "basis"
  | "count"
  | "sections"
  | "parts"
  | "part";

export interface DocumentQuestion {
  aspects: DocumentAspect[];
  /** For "part": which part (1-based). */
  part?: number;
}

const ASPECTS: [DocumentAspect, RegExp][] = [
  ["docNumber", /文号|发文字号|发文号|文件号|document (?:number|no)|reference number|doc(?:ument)? no\b/i],
  [
    "issuer",
    /印发单位|发文单位|发文机关|发布单位|发布机关|制定单位|(?:哪个|哪些|什么|哪家)(?:单位|部门|机关|机构)(?:联合)?(?:印发|发布|制定|出台|发)|(?:谁|由谁)(?:印发|发布|制定|出台|发)|issued by|who issued|issuer|issuing (?:body|authority|office)|who (?:published|released)/i,
  ],
  ["recipients", /下发给|发给了?(?:哪|谁)|主送|印发给|发送给|发到了?哪|sent to|addressed to|recipients?/i],
  ["copies", /印了?多少份|印数|共印|印了几份|多少份|how many copies/i],
  [
    "issueDate",
    /(?:哪天|哪一天|什么时候|何时|几月几[号日]|哪年|日期|时间)[^，。？?]{0,4}(?:印发|发布|出台|发文|下发)|(?:印发|发布|出台|发文|下发)[^，。？?]{0,3}(?:日期|时间|于|是哪|是什么时候|是几)|when (?:was|were|did) .*(?:issued|published|released|issue|publish)|issue date|date of issue|issued on/i,
  ],
  [
    "effectiveDate",
    /施行|生效|起实施|开始实施|实施(?:日期|时间)|开始执行|执行(?:日期|时间)|take effect|took effect|takes effect|come into (?:force|effect)|came into (?:force|effect)|effective (?:date|from|since)|in force (?:from|since)|when .* (?:start|begin) to apply/i,
  ],
  [
    "validity",
    /有效期|有效期限|有效到|到期|失效|截止到?哪|到哪一?年为止|到什么时候为止|还有效|是否有效|valid until|validity|expire|how long .* valid/i,
  ],
  [
    "basis",
    /(?:根据|依据|依照|落实|贯彻|按照)(?:的是)?(?:哪|什么|了哪)|上位(?:文件|政策)|制定(?:的)?依据|是根据|上级文件|(?:based on|implements?|implementing|pursuant to|in line with|derived from) (?:which|what)|which (?:document|regulation|plan|policy)[^?]*(?:based|implement)/i,
  ],
  [
    "count",
    /(?:多少|几)(?:条|项|个)(?:具体)?(?:措施|任务|举措)|措施(?:总共|一共|共)?有?(?:多少|几)|how many (?:measures|items|actions|tasks)/i,
  ],
  ["sections", /(?:多少|几)个?(?:小节|板块|领域|章节|节)|how many sections/i],
  [
    "parts",
    /(?:几|多少)(?:个|大)?(?:部分|板块)|哪(?:几)?(?:个|大)?部分|哪些部分|分(?:成|为)(?:哪|几)|结构|框架|目录|(?:包括|包含)哪(?:些|几)(?:个)?(?:部分|方面)|what (?:are )?(?:its |the )?(?:parts|sections|chapters)|how many parts|structure|outline|table of contents/i,
  ],
];

const PART_RE = /第([一二三四五六七八九十]+|\d+)(?:大)?(?:部分|章)|\bpart (\d+|one|two|three|four|five|six)\b/i;
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
};

/** Words that name the document or ask, and nothing else. */
const DOCUMENT_WORDS_ZH =
  /行动方案|实施方案|方案|文件|通知|这个|这份|那个|那份|该|本|营商环境|的|是|了|吗|呢|啊|呀|吧|么|啥|什么|多少|哪些|哪个|哪|几|一共|总共|共|具体|当时|主要|内容|讲|说|怎么|在|有|个|份|条|项|从|到|为|由|请问|想|问|知道|一下|制定|出台|印发|发布|开始|起|号|月|日|年|大|分|成|包括|包含|[\s\p{P}\p{S}\da-z]/giu;
const DOCUMENT_WORDS_EN =
  /\b(?:what|whats|which|who|when|how|many|much|is|are|was|were|does|did|do|the|a|an|of|for|in|on|to|by|its|it|this|that|plan|plans|action|document|policy|official|business|environment|district|tell|me|please|and|date|number|s)\b|[\s\p{P}\p{S}\d]/giu;

/** Per language: the words that only name the document or ask, how much is left after removing them, and how much may be. */
const RESIDUE: Record<"zh" | "en", { words: RegExp; leftover: (residue: string) => number; most: number }> = {
  zh: { words: DOCUMENT_WORDS_ZH, leftover: (r) => [...r].length, most: 4 },
  en: { words: DOCUMENT_WORDS_EN, leftover: (r) => r.split(/\s+/).filter((w) => w.length > 2).length, most: 1 },
};

export function documentQuestion(text: string, lang: "zh" | "en", names: string[]): DocumentQuestion | null {
  const aspects: DocumentAspect[] = [];
  let rest = text.toLowerCase();
  const part = PART_RE.exec(text);
  for (const [aspect, re] of ASPECTS) {
    const global = new RegExp(re.source, "gi");
    if (global.test(rest)) {
      aspects.push(aspect);
      rest = rest.replace(global, " ");
    }
  }
  if (part) {
    const n = NUMERALS[(part[1] ?? part[2])!.toLowerCase()] ?? Number(part[1] ?? part[2]);
    // A part named with a question of its own (第二部分…对标什么) is answered from that part.
    if (n > 0) return { aspects: ["part", ...aspects.filter((a) => a !== "parts")], part: n };
  }
  if (!aspects.length) return null;
  for (const n of [...names].sort((a, b) => b.length - a.length)) rest = rest.split(n.toLowerCase()).join(" ");
  const { words, leftover, most } = RESIDUE[lang];
  return leftover(rest.replace(words, "")) <= most ? { aspects } : null;
}
