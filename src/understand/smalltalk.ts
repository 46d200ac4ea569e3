/**
 * Messages that are not policy questions: greetings, thanks, goodbyes, "who are you", and requests for
 * a person. Each is recognised only when it is the whole message (a greeting before a question is
 * politeness, and the question is answered).
 */
import { asSimplified } from "./script.ts";

export type SmalltalkKind = "greeting" | "thanks" | "bye" | "identity" | "handoff";

/** Politeness and filler that may surround small talk without making it a question. */
const POLITE = String.raw`(?:[\s\p{P}\p{S}]|\b(?:please|pls|there|you|ok|okay|just|can i|could i|i want to|i'd like to|i would like to|let me|(?:that's |that is )?(?:all|everything) i (?:needed|wanted)(?: to know)?|that(?:'s| is| was) (?:very |really |so )?(?:helpful|useful|great|clear|all|it|everything)|that helps|for (?:today|now|the (?:moment|day)|the time being)|i(?:'m| am) (?:all )?(?:set|good|done)|very helpful|great|perfect|got it|no (?:more|other|further) questions?|nothing else)\b|没(?:有)?(?:别的|其他|其它)(?:的)?(?:问题|事)了?|没事了|就(?:问)?(?:这些|这么多)|(?:今天)?(?:就|先)(?:到|问到?)?这(?:儿|里|样)|今天|(?:很|非常|挺|真|太)?有(?:帮助|用)|请问|请|帮我|给我|我要|我想|能不能|可以|可不可以|吗|嘛|吧|呢|呀|啊|哦|哈|啦|了|的|好的|好|嗯|你|您|晒|喔|嘅|咗|你们|大家)+`;

const PATTERNS: [SmalltalkKind, RegExp][] = [
  [
    "handoff",
    /转人工|人工(?!智能)(?:客服|服务|坐席)?|(?:转|找|要|换)(?:个)?真人|找(?:个)?人(?:工)?(?:客服)?|客服|接线员|打电话给谁|talk to (?:a |an )?(?:real |actual )?(?:person|human|agent|someone|operator)|speak (?:to|with) (?:a |an )?(?:real |actual )?(?:person|human|agent|someone|operator)|(?<!are you (?:a |an )?)(?:real|live) (?:person|human|agent)|human agent|customer service|operator/iu,
  ],
  [
    // Cantonese thanks too (唔该, 多谢晒), in Traditional as written: a message this short may not be converted.
    "thanks",
    /谢谢|多谢|感谢|谢啦|唔该|謝謝|多謝|唔該|帮(?:了)?(?:我)?(?:个|一个)?大忙|辛苦(?:了|啦|你)|太(?:好|棒)了|明白了|懂了|收到|thanks?(?: you| a lot| so much)?|thank u|\b(?:thx|ty)\b|cheers|much appreciated/iu,
  ],
  [
    "bye",
    /再见|拜拜|回头见|(?:今天)?(?:就|先)(?:问)?(?:到)?(?:这些|这里|这儿|这样)(?=[\s\p{P}吧了啊]*$)|that(?:'s| is) all(?= for|[\s\p{P}]*$)|bye|goodbye|see you|have a (?:nice|good|great) (?:day|evening|weekend)/iu,
  ],
  [
    "identity",
    /(?:你|您)是谁|(?:你|您|这)?(?:是|用的是)(?:一)?(?:个|款|套)?(?:什么|啥|哪个|哪家|哪种)(?:样)?(?:的)?(?:系统|程序|软件|平台|机器人|模型|东西|服务)|(?:你|您)叫什么|你是(?:机器人|人工智能|ai|真人)|(?:是)?机器人还是真人|是不是(?:机器人|真人)|你(?:能|会|可以)(?:做|干|回答)(?:什么|啥|哪些)|(?:(?:帮|替|给)我?)?查(?:一下|下|点)?(?:资料|信息|东西)|你有什么用|你的功能|(?:是)?(?:不是)?机器人|who am i (?:talking|chatting|speaking) (?:to|with)|am i (?:talking|chatting|speaking) (?:to|with) (?:a )?(?:bot|robot|human|real person|machine)(?:,? or (?:is (?:this|it) )?(?:a )?(?:bot|robot|human|real person|machine))?|is (?:this|it) (?:a )?(?:bot|robot|chatbot|human|real person|machine)|who are you|what are you|are you (?:a |an )?(?:bot|robot|chatbot|human(?: being)?|real person|person|machine|ai)(?:,? or (?:a |an )?(?:bot|robot|chatbot|human(?: being)?|real person|person|machine|ai))?|what (?:kind of |sort of )?(?:system|bot|chatbot|assistant|program|tool|service|model) (?:is (?:this|that|it)|are you|am i (?:talking|chatting|speaking) (?:to|with))|what is this (?:system|bot|chatbot|assistant|program|tool|service|thing)|who (?:made|built|runs|operates) (?:you|this)|what can you (?:do|answer|help with)|(?:你|您)?是(?:不是)?(?:一个|个)?(?:真人|真的人|机器人|人工智能|ai|智能客服)/iu,
  ],
  [
    "greeting",
    /你好|您好|你们好|大家好|各位好|侬好|嗨|哈喽|哈啰|在吗|在不在|有人吗|早上好|上午好|下午好|晚上好|早安|\b(?:hi|hello|hey|good (?:morning|afternoon|evening))\b/iu,
  ],
];

export interface SmalltalkOptions {
  /**
   * Whether words left beside a small-talk cue ask something the plans could answer (a plan term, a unit,
   * a district). Without it, only politeness may stand beside the cue. With it, an aside that names
   * nothing of the plans (你是谁？是真人在回吗, thx, great answer) leaves the message small talk.
   */
  asksPlans?: (aside: string) => boolean;
}

/** An aside is a few words at most: a longer remainder is a message of its own, whatever it names. */
const ASIDE_HAN = 6;
const ASIDE_WORDS = 4;

/** What kind of small talk the whole message is, or null for anything with content of its own. */
export function smalltalkKind(message: string, options: SmalltalkOptions = {}): SmalltalkKind | null {
  // Traditional small talk (您好，請問你是誰) is read in Simplified, as the patterns are written; curly apostrophes as straight ones.
  const text = asSimplified(message.trim())
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'");
  if (!text || text.length > (options.asksPlans ? 80 : 40)) return null;
  const kinds: SmalltalkKind[] = [];
  let rest = text;
  for (const [kind, re] of PATTERNS) {
    const global = new RegExp(re.source, "giu");
    if (global.test(rest)) {
      kinds.push(kind);
      rest = rest.replace(global, " ");
    }
  }
  if (!kinds.length) return null;
  // Whatever is left must be politeness and punctuation, or the message asks something of its own.
  const leftover = rest.replace(new RegExp(POLITE, "giu"), " ").replace(/\s+/g, " ").trim();
  // A request for a person may come with a complaint around it ("别跟我扯了，给我转人工"); anything else may not.
  const shortAside =
    kinds.includes("handoff") &&
    (leftover.match(/[\u3400-\u9fff]/g)?.length ?? 0) <= 6 &&
    !/[a-z]{3,}.*[a-z]{3,}.*[a-z]{3,}/i.test(leftover);
  // A greeting opens a message; what follows it is the request (你好，讲个笑话 asks for a joke). Thanks, "who
  // are you" and a request for a person are the request, and a few words beside them only qualify it.
  const aside = kinds.some((k) => k !== "greeting") && contentFreeAside(leftover, options);
  if (leftover && !shortAside && !aside) return null;
  // A request for a person wins over the greeting or thanks around it; then identity, greeting, thanks, bye.
  for (const k of ["handoff", "identity", "greeting", "thanks", "bye"] as const) if (kinds.includes(k)) return k;
  return null;
}

/** A short remainder that asks nothing: no question of its own, and nothing the plans could answer. */
function contentFreeAside(leftover: string, options: SmalltalkOptions): boolean {
  if (!options.asksPlans) return false;
  const han = leftover.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  const latin = leftover.match(/[a-z0-9]+/gi) ?? [];
  if (han > ASIDE_HAN || latin.length > ASIDE_WORDS) return false;
  // An aside that asks a figure, a place, a time or a way is a question, whatever else it says.
  if (ASKS.test(leftover)) return false;
  return !options.asksPlans(leftover);
}

/** Question words that ask for content (not "who are you" or "can you"): how much, which, when, where, how. */
const ASKS =
  /多少|几(?:个|天|条|项|家|次|年|月|号)|哪(?:个|些|里|儿|家|天|年|位)?|什么时候|何时|怎么|如何|为什么|\b(?:how|which|when|where|why|much|many)\b|\d/iu;
