import type { FailureKind } from "../shared/chat.ts";

/** Every text the widget shows, per language; the widget never mixes the two. */
export interface Strings {
  launcher: string;
  launcherHint: string;
  close: string;
  title: string;
  subtitle: (district: string | null) => string;
  welcome: (districts: string) => string;
  placeholder: string;
  inputLabel: string;
  send: string;
  stop: string;
  stopped: string;
  startersLabel: string;
  followUpsLabel: string;
  thinking: string;
  stillThinking: string;
  newChat: string;
  human: string;
  humanTitle: string;
  humanText: string;
  hotline: string;
  copy: string;
  copied: string;
  copyFailed: string;
  retry: string;
  retryIn: (s: number) => string;
  failure: Record<FailureKind, string>;
  setupNote: string;
  clause: string;
  units: string;
  noUnits: string;
  deadline: string;
  measure: (n: number) => string;
  section: string;
  plan: string;
  disclaimer: string;
  you: string;
  assistant: string;
  confidence: Record<"high" | "medium" | "low", string>;
  lowConfidence: string;
  alternatives: string;
  helpful: string;
  notHelpful: string;
  thanks: string;
  phone: string;
  address: string;
  hours: string;
  website: string;
  contactsFor: string;
  listSep: string;
  colon: string;
  replaced: string;
  log: string;
}

export const STRINGS: Record<"zh" | "en", Strings> = {
  zh: {
    launcher: "问政策",
    launcherHint: "（打开政策助手）",
    close: "关闭",
    title: "政策助手",
    subtitle: (d) => (d ? `${d}营商环境政策问答` : "营商环境政策问答"),
    welcome: (d) =>
      `您好！我可以回答${d}营商环境行动方案中的政策问题，并注明条款和责任单位。请不要输入身份证号、手机号等个人信息。需要人工服务请拨打12345。`,
    placeholder: "请输入您的问题",
    inputLabel: "您的问题",
    send: "发送",
    stop: "停止",
    stopped: "（已停止）",
    startersLabel: "您可以这样问：",
    followUpsLabel: "您还可以问：",
    thinking: "正在查找条款…",
    stillThinking: "仍在生成回答，请稍候；也可以点“停止”。",
    newChat: "新对话",
    human: "找人工",
    humanTitle: "人工服务",
    humanText: "如需人工服务，请拨打12345市民服务热线。",
    hotline: "12345市民服务热线",
    copy: "复制",
    copied: "已复制",
    copyFailed: "复制失败",
    retry: "重试",
    retryIn: (s) => `${s}秒后可重试`,
    failure: {
      offline: "网络已断开，请检查网络后重试。",
      unreachable: "暂时连不上政策助手服务，请稍后重试，或拨打12345市民服务热线。",
      origin: "本网站尚未开通政策助手服务。如需咨询，请拨打12345市民服务热线。",
      district: "政策助手的区名配置有误，暂时无法回答。如需咨询，请拨打12345市民服务热线。",
      rate_limited: "提问太频繁了，请稍后再试。",
      timeout: "回答超时了，请重试，或拨打12345市民服务热线。",
      server: "服务出错了，请重试，或拨打12345市民服务热线。",
      loading: "政策助手正在启动，请稍后重试。",
      bad_request: "这个问题无法处理，请换个说法再试。",
    },
    setupNote: "配置提示",
    clause: "条款原文",
    units: "责任单位",
    noUnits: "未列明责任单位",
    deadline: "完成时限",
    measure: (n) => `第${n}条`,
    section: "章节",
    plan: "方案",
    disclaimer: "答案摘自区政府营商环境行动方案，以原文为准。",
    you: "您",
    assistant: "政策助手",
    confidence: { high: "依据明确", medium: "可能相关", low: "把握不大" },
    lowConfidence: "这个回答把握不大，请核对条款原文，或看看下面这些条款是否更相关：",
    alternatives: "其他可能相关的条款",
    helpful: "有帮助",
    notHelpful: "没帮助",
    thanks: "谢谢反馈",
    phone: "电话",
    address: "地址",
    hours: "办公时间",
    website: "网站",
    contactsFor: "联系方式",
    listSep: "、",
    colon: "：",
    replaced: "（回答已更正为方案原文）",
    log: "对话记录",
  },
  en: {
    launcher: "Ask",
    launcherHint: " (open the policy assistant)",
    close: "Close",
    title: "Policy Assistant",
    subtitle: (d) => (d ? `${d} business-environment policy Q&A` : "Business-environment policy Q&A"),
    welcome: (d) =>
      `Hello! I answer questions about the business-environment action plans of ${d}, citing the clause and the responsible units. Please do not type personal data such as ID or phone numbers. For a person, call the 12345 hotline.`,
    placeholder: "Type your question",
    inputLabel: "Your question",
    send: "Send",
    stop: "Stop",
    stopped: " (stopped)",
    startersLabel: "You can ask:",
    followUpsLabel: "You could also ask:",
    thinking: "Looking up the clauses…",
    stillThinking: "Still writing the answer; you can press Stop.",
    newChat: "New",
    human: "Help",
    humanTitle: "Talk to a person",
    humanText: "For a person, call the 12345 citizen service hotline.",
    hotline: "12345 hotline",
    copy: "Copy",
    copied: "Copied",
    copyFailed: "Could not copy",
    retry: "Retry",
    retryIn: (s) => `Retry in ${s} s`,
    failure: {
      offline: "You are offline. Check your connection and retry.",
      unreachable: "The assistant cannot be reached right now. Retry later or call the 12345 hotline.",
      origin: "The assistant is not enabled for this website yet. Please call the 12345 hotline.",
      district: "The assistant is misconfigured on this page and cannot answer. Please call the 12345 hotline.",
      rate_limited: "Too many questions at once; please wait a moment.",
      timeout: "The answer took too long. Retry, or call the 12345 hotline.",
      server: "Something went wrong on our side. Retry, or call the 12345 hotline.",
      loading: "The assistant is starting up; retry in a moment.",
      bad_request: "This question cannot be processed; please rephrase it.",
    },
    setupNote: "Setup note",
    clause: "Clause",
    units: "Responsible units",
    noUnits: "No responsible unit named",
    deadline: "Deadline",
    measure: (n) => `Measure ${n}`,
    section: "Section",
    plan: "Plan",
    disclaimer: "Answers quote the district action plans; the original text prevails.",
    you: "You",
    assistant: "Policy Assistant",
    confidence: { high: "Well supported", medium: "Possibly relevant", low: "Uncertain" },
    lowConfidence: "This answer is uncertain. Check the clause, or see whether one of these fits better:",
    alternatives: "Other clauses that may fit",
    helpful: "Helpful",
    notHelpful: "Not helpful",
    thanks: "Thank you",
    phone: "Phone",
    address: "Address",
    hours: "Hours",
    website: "Website",
    contactsFor: "Contact",
    listSep: ", ",
    colon: ": ",
    replaced: " (answer corrected to the plan's text)",
    log: "Conversation",
  },
};
