import type { ClauseHit } from "../retrieve/hybrid.ts";
import type { Understanding } from "../understand/understand.ts";
import { ASKED_QUANTITY_EN, asksSeveralEn, FACETS_EN } from "./asks-en.ts";
import { askedFact, FEW_MORE_OR_FEWER, statesFact } from "./facts.ts";
import type { FactKind } from "./messages.ts";

/**
 * The answer-or-refuse decision, as one ordered list of named rules (`scopeDecision`; `questionScope` holds
 * those that read the question alone). A question is answered when retrieval's evidence shows a clause that
 * says what the question asks: enough of its concepts (strength), and, when it asks for a value, a value of
 * that kind stated by a clause on its topic — a figure (ASKED_QUANTITY / STATED_QUANTITY), a named fee, a
 * facet (FACETS: conditions, a named street, park, bank, company or building, steps, a window, materials,
 * a sum per person), and in facts.ts a fee, rate, address, hours, phone, date, year or the items of a list.
 * The rules are classes of what a question can ask, not patterns of questions seen.
 */
export type OutOfScope = "other_place" | "instructions" | "chit_chat" | "no_match" | "weak_match";

/**
 * Instructions to invent (编一个也行, make up a number) or a forged role line (SYSTEM: …, 系统：… at the start of
 * the message or of a sentence) are no question about the plans, whatever policy words come with them. A word
 * before the colon (the rating system: what's the cap…) makes it a topic, not a role.
 */
const FORGED_RE =
  /编(?:一个|一下|个)(?:也行|也可以|吧|出来)?|编造|瞎编|胡编|捏造|杜撰|随便(?:说|给|写)一个|\bmake (?:one |something |a number |it |them )?up\b|\bmake up (?:a|an|one|some|the)\b|\binvent (?:one|a|an|some|something)\b|citations? (?:are |is )?(?:disabled|off|turned off)|(?:^|[\n.。;；!?！？]\s*)(?:system|assistant|developer)\s*[:：]|(?:^|[\n.。;；!?！？]\s*)(?:系统|系统消息|系统指令)\s*[:：]/i;

/** A role written in capitals (… SYSTEM: …) is a forged line wherever it stands. */
const FORGED_ROLE_RE = /(?:^|\s)(?:SYSTEM|ASSISTANT|DEVELOPER)\s*[:：]/;

const INJECTION_RE =
  /忽略(?:之前|以上|前面|上述|所有|全部|一切)*的?(?:指令|指示|提示|规则|要求)|无视(?:之前|以上)?的?(?:指令|规则)|系统提示|提示词|你的(?:设定|指令|规则)|扮演|越狱|(?:假设|假如|假装|如果)你(?:现在)?是|你现在是|以[\u3400-\u9fff]{1,8}的(?:身份|名义)(?:给我)?(?:写|起草|拟|出具|发|批|回复|答复|盖章)|\bforget (?:that )?(?:you(?:'re| are)|your (?:rules|instructions|role))|\bas my (?:lawyer|attorney|accountant|advisor|adviser)\b|ignore (?:all |the |any |your )?(?:previous|prior|above|earlier|rules|instructions|documents|guidelines)|disregard (?:all |the |your )?(?:previous|prior|instructions|rules)|system prompt|jailbreak|pretend (?:you are|to be)|you are now|developer mode|act as\b|system override|override (?:your|the|all) (?:rules|instructions|settings)|(?:print|reveal|show|output|repeat|dump|leak) (?:me )?(?:your|the) (?:hidden |secret |system |initial |original )?(?:instructions|prompt|rules|configuration)|hidden (?:instructions|prompt|rules)|(?:输出|打印|显示|透露|泄露)(?:你的)?(?:提示词|系统提示|指令|规则|设定)/i;
const CHIT_CHAT_RE =
  /^(?:你好|您好|嗨|哈喽|在吗|在不在|谢谢|多谢|再见|早上好|晚上好|hi|hello|hey|thanks|thank you|bye|good (?:morning|evening))[\s\p{P}]*$|讲个笑话|说个笑话|笑话|唱首歌|写(?:一)?首诗|你是谁|你叫什么|天气|气温|下雨|\bjoke\b|\bpoem\b|\bweather\b|who are you/iu;

/**
 * The state of the asker's own case (我上周交的申请进度怎样): the plans say what is done for everyone, never
 * how one case stands. How long a licence takes (我的执照多久能下来) is a question about everyone's.
 */
const OWN_CASE_RE =
  /我(?:们)?(?:公司)?(?:的|上周|上个月|前几天|昨天|之前|刚)[^，。？?]{0,16}(?:进度|办到哪|到哪一步|批下来了?(?:没|吗)|审核通过了?(?:没|吗)|通过了?没有|结果出来了?(?:没|吗))|\b(?:status of|has) (?:my|our) (?:application|case|request|permit)\b|帮我查(?:一下|查|下)?(?:我|我们)(?:公司|企业|家)?(?:现在)?的|(?:我|我们)(?:的)?(?:老板|雇主)[^，。？?]{0,6}(?:拖欠|欠|克扣)|(?:拖欠|欠|克扣)(?:了)?我(?!们)(?:的)?[^，。？?]{0,6}(?:工资|薪水|工钱|加班费)|\bmy (?:boss|employer|company) (?:owes|hasn't paid|has not paid|won't pay)\b|我的(?:居留许可|签证|护照|居住证)[^，。？?]{0,10}(?:到期|过期|续签|延期)|\bmy (?:[a-z-]+ )?(?:residence permit|visa|passport|work permit)\b[^?.]{0,30}\b(?:expires?|expired|expiring|extend|renew)/i;
/**
 * A task for the assistant (写一份申请书, 帮我填表, draft a demand letter, recommend a good accounting firm, the best
 * schools, 哪家律所靠谱), not a question about the plans: the plans recommend no private provider. Whether someone helps
 * (有没有人帮忙填表, 谁能帮我填, 有没有人线上帮我填) is a question about the service.
 */
const TASK_RE =
  /(?<![人谁员](?:能|可以|会|来)?(?:线上|线下|在线|现场|免费|专门)?(?:能|可以|会|来)?)(?:帮我|给我|替我|帮忙)(?:写|起草|拟|填|填写|预约|翻译|润色)|写(?:一|个)?(?:份|篇|封)(?:[\u3400-\u9fff]{0,6})(?:申请书|报告|材料|投诉信|邮件|文章|总结|通知)|\b(?:write|draft|fill in|fill out) (?:me |us )?(?:a|an|the|my|our) (?:[a-z-]+ )?(?:letter|application|report|email|form|complaint|contract|notice)\b|推荐(?:一|几)?(?:个|家|下)?[^，。？?]{0,6}(?:公司|律所|律师|会计|中介|代理|事务所|报关行)|\b(?:recommend|suggest) (?:me |us )?(?:a|an|some|any|the best)\b[^?.]{0,30}\b(?:firms?|company|companies|brokers?|agents?|agency|lawyers?|accountants?|consultants?|providers?|banks?)\b|\b(?:what|which|who) (?:is|are)(?: the)? (?:best|top|cheapest|most reliable|most popular)\b[^?.]{0,30}\b(?:schools?|restaurants?|hotels?|hospitals?|clinics?|firms?|lawyers?|accountants?|agenc(?:y|ies)|banks?|apartments?|gyms?)\b|哪家[^，。？?]{0,8}(?:最好|比较好|好吃|靠谱|实惠|便宜)/i;

/**
 * A matter of one's private life (离婚, 老公, divorce, inheritance), one's own papers (驾照, 我的签证, my driver's
 * licence), one's own benefits as a person (个人社保断缴, 公积金提取, my pension), a child's school or one's doctor
 * (孩子上学, 看病): the plans are about firms and
 * the government's services to them, so a clause that shares another word (房子, 股权, 外籍人才, 社保) does not
 * answer it unless it speaks of the matter itself (the second pattern).
 */
const PERSONAL_MATTERS: [asked: RegExp, spokenOf: RegExp][] = [
  [
    /离婚|结婚|婚姻|老公|老婆|丈夫|妻子|前夫|前妻|抚养权|赡养|遗产|继承权|彩礼|\bdivorc|\bmarriage\b|\bhusband\b|\bwife\b|\bcustody\b|\binheritance\b|\balimony\b/i,
    /离婚|婚姻|配偶|遗产|继承|赡养|抚养/,
  ],
  [
    /(?:我|本人|自己)(?:的)?(?:个人)?(?:签证|护照|身份证|户口|驾照|驾驶证)|驾照|驾驶证|\b(?:my|our) (?:[a-z-]+ ){0,2}(?:visa|passport|id card|identity card|hukou|driver'?s licen[cs]e|driving licen[cs]e)\b|\bdriver'?s licen[cs]e\b|\bdriving licen[cs]e\b/i,
    /签证|护照|身份证|户口|户籍|驾照|驾驶证/,
  ],
  [
    /(?:我|本人|自己)(?:的)?(?:个人)?(?:社保|医保|公积金|养老金|养老保险|退休)|个人(?:的)?(?:社保|医保|公积金|养老)|(?:社保|医保|公积金|养老保险)[^，。？?]{0,4}(?:断缴|补缴|断了|提取|取出来?|报销|转移|转出|转回)|退休金|养老金|\bmy (?:[a-z-]+ )?(?:pension|social insurance|housing (?:provident )?fund|medical insurance|retirement)\b/i,
    /个人(?:社保|医保|公积金|养老)|断缴|补缴|提取|报销|退休|养老金/,
  ],
  // A child's schooling, one's own medical care.
  [
    /(?:小孩|孩子|子女|儿子|女儿)[^，。？?]{0,6}(?:上学|入学|读书|小学|中学|初中|高中|幼儿园|学校|择校|转学)|\b(?:my|our) (?:kids?|children|son|daughter)\b|\b(?:school|kindergarten) (?:place|enrol?ment|admission)s?\b/i,
    /子女|入学|上学|学校|教育|幼儿园/,
  ],
  [/看病|就医|就诊|挂号|医院|\bhospitals?\b|\bdoctors?\b|\bmedical (?:treatment|care|bills?)\b/i, /医院|医疗|就医|就诊|卫生|健康/],
];

/**
 * A national law asked about as such (新公司法规定…, 《…条例》哪一年施行): the district plans implement laws
 * and name them, but what a law says or when it took effect is no district's measure.
 */
const NATIONAL_LAW =
  /(?:新)?(?:公司法|劳动法|劳动合同法|民法典|个人所得税法|企业所得税法|外商投资法|税收征收管理法|合同法)(?:规定|要求|里|中|怎么|对)|《[^》]{2,30}(?:法|条例)》[^，。？?]{0,6}(?:是)?(?:哪一年|哪年|什么时候|何时|啥时候)(?:开始)?(?:施行|实施|颁布|出台|生效)/;

/**
 * A place named as a district or county in English. The question names none the plans cover (those are read as
 * its districts), so it names another: "Jiangnan district", "Minhang District".
 */
const OTHER_DISTRICT_EN =
  /\b(?!(?:Which|What|The|This|That|Each|Every|Our|My|Your|Any|Other|Same|Whole|Central|Local|Another|One|A|Its|Their)\b)[A-Z][a-z]{2,} (?:[Dd]istrict|[Cc]ounty)\b/;

/** A hit's evidence strength: the IDF-weighted share of the question's concepts the clause says. */
export function matchStrength(hit: ClauseHit): number {
  return hit.evidence?.strength ?? 0;
}

const RARE_MATCHES = 2;
/** A clause this close to the best one's strength is on the same topic. */
const ON_TOPIC = 0.7;

/** Words that name a kind of help, not what it is for. */
const SUPPORT = /^(?:补贴|补助|奖励|资助|扶持|优惠|支持|帮扶|资金|便利|好处|福利|优惠政策|扶持政策|补贴政策)$/;

/** Help paid in money: a clause that offers none does not answer a question about it. */
const MONEY_HELP = /^(?:补贴|补助|奖励|资助|奖金|奖补|贴息|补偿|返还|退还)$/;

/**
 * The hits on the question's topic: the first, and any as close to the best one's strength as ON_TOPIC. A
 * value asked for (a year, a fee) is answered by one of these stating it; a clause that shares a word or two
 * and states a value of its own (新出台政策一个月内发布 beside 研究制订…管理办法) says it of something else.
 */
export function onTopic<H extends ClauseHit>(hits: H[]): H[] {
  const best = Math.max(0, ...hits.map(matchStrength));
  return hits.filter((h, i) => i === 0 || matchStrength(h) >= ON_TOPIC * best);
}

/** The threshold below which the best clause is taken not to answer the question (calibrated on the dev set). */
export const DEFAULT_MIN_STRENGTH = 0.25;

/**
 * The figure a question asks for, by the units that would state it: a duration (几天, 多久), a count of
 * things (多少家, 几项), a share (比例, 百分之几), or any number (起征点是多少). A clause that shares the
 * question's words but states no such figure does not answer it: the plans never state it.
 */
type Quantity = "frequency" | "duration" | "count" | "share" | "money" | "contact" | "number";

const ASKED_QUANTITY: [Quantity, RegExp][] = [
  // How often (多久开一次, 一年几次, 频次是多少) is answered by a frequency (每季度召开), not by a duration; a
  // duration (多久能办好) is not answered by a frequency.
  [
    "frequency",
    /(?:多久|多长时间)[\p{Script=Han}]{0,4}?[一1](?:次|回|轮)(?=[？?。，,！!吗呢啊呀]|$)|(?:每)?隔多久|(?:频次|频率|周期)(?:是|为)?(?:多少|多久|多高|怎样|如何|是什么|啥)|(?:一|每)(?:年|季度|季|个月|月|周|星期)[\p{Script=Han}]{0,4}?(?:几|多少)(?:次|回|轮)|几(?:年|个月|月|周|天)(?:开|办|搞|举办|召开)?一(?:次|回|轮)/u,
  ],
  [
    "duration",
    /多久|多长时间|多少(?:个)?(?:天|日|工作日|小时|分钟|周|月|年)|(?<!哪|好|十|们)几(?:个)?(?:天|日|工作日|小时|分钟|周|星期|月|年)(?!级)/,
  ],
  // How many departments (要跑几个部门) is answered by the units a clause lists, not by a figure.
  [
    "count",
    // 少查几次 / 多跑几趟 is "a few fewer / more", no count asked.
    new RegExp(
      String.raw`(?:多少|(?<!哪|第|好|十|们|${FEW_MORE_OR_FEWER})几)(?:个|家|项|条|次|场|批|名|人|户|所|座|处|套|件|位|支|种|笔|万)(?!一|是|部门|单位|机构|地方|才|人才)`,
      "u",
    ),
  ],
  ["share", /比例|百分之几|百分比|占比|(?:率|比重)(?:是|有|能|要|达到)?(?:多少|多高|几)/],
  [
    "money",
    /多少[\p{Script=Han}]{0,4}?(?:补贴|补助|奖励|资助|奖金|资金|费用|工资|薪酬|租金|费|钱|罚款|罚金)|几(?:分|毛|角|块)钱|[\p{Script=Han}]费(?:用)?(?:是|要|收|交|缴|大概|一般)?多少|(?:收|交|缴|付|罚)多少|收费标准|(?:收费|费用|价格|报酬|薪酬|工资)(?:标准)?(?:是|为|大概|一般)?(?:啥|什么|多少|多高|怎么算|几何)|有(?:没有)?(?:报酬|薪酬|工资|酬劳)|(?:报酬|薪酬|工资|酬劳)吗|\bhow much\b[^?]{0,30}\b(?:discount|subsidy|grant|money|funding|reward|rent|fee|cost|salary|wage|bonus|allowance)|\bminimum (?:\w+ )?wage\b|\b(?:wage|salary|pay) levels?\b/iu,
  ],
  // A phone number, an e-mail or a web address is a figure of its own: only a clause that writes one gives it.
  [
    "contact",
    // Asked for (电话多少, 投诉电话, 网址是什么), not a channel (能不能电话预约, 在官网上办).
    /(?:电话|联系方式|手机号|号码|邮箱|网址|官网|公众号)(?:是|为)?(?:多少|什么|啥|几|给我|呢|吗|$|[？?，,。])|(?:投诉|咨询|联系|服务|热线|办公|值班)电话|打(?:什么|哪个|几号)电话|\b(?:phone|telephone|hotline|contact) (?:number|details)\b|\be-?mail address\b|\bweb address\b|\burl\b/i,
  ],
  ["number", /(?:是|有|为|达到|定在)多少(?=[？?。，,!！]|$|呢|啊|呀)|多少(?:钱|万|金额)/],
];

const FIGURE = String.raw`[\d一二两三四五六七八九十百千万半]+(?:\.\d+)?\s*(?:余|多)?`;
const STATED_QUANTITY: Record<Quantity, RegExp> = {
  frequency: new RegExp(
    `每(?:个)?(?:年|季度|季|半年|月|周|星期|旬|天|日|${FIGURE}(?:个)?(?:年|季度|月|周|天|日|工作日))|按(?:年度?|季度?|月度?|周|日)|${FIGURE}(?:个)?(?:年|季度|季|月|周|天)(?:一次|一轮|一回|[\\d一二两三四五六七八九十]+次)|(?:年|季|月)度(?:召开|举办|开展|评估|评价|通报|发布)|(?:全年|年内|一年|季度|月内)[^。；]{0,15}?${FIGURE}\\s*(?:次|场|期|轮)`,
  ),
  duration: new RegExp(`${FIGURE}(?:个)?(?:天|日|工作日|小时|分钟|周|个月|月|年)|当日|当天|即办|立等可取|秒批|秒办`),
  // 一口受理, 一窗通办, 一网通办 answer 跑几个窗口 too.
  count: new RegExp(`${FIGURE}(?:个|家|项|条|次|场|批|名|人|户|所|座|处|套|件|位|支|种|类|笔|万)|一(?:口|窗|网|站|表|门|证|码|次)`),
  share: /\d+(?:\.\d+)?\s*[%‰]|百分之|[一二三四五六七八九十\d]成/,
  // A fee may be stated as a rate (担保费率降至1%以下).
  money: /\d+(?:\.\d+)?\s*(?:万|亿)?元|免费|免收|不收取|费率[^。；]{0,12}\d/,
  contact: /\d{5,}|https?:|www\.|@/,
  number: /\d/,
};

/**
 * What a question asks a clause to spell out besides a figure: the conditions to qualify (哪些条件) or the
 * materials to hand in (哪些材料). A clause that names the topic without them does not answer it.
 */
const FACETS: [asked: RegExp, stated: RegExp][] = [
  [
    /(?:哪些|什么|啥)(?:条件|要求|资格|资质|门槛)|(?:条件|资质)是什么|(?:满足|符合)(?:哪些|什么|啥)/,
    /条件|要求|资格|资质|门槛|标准|符合|满足|严格|限制|不得|应当|必须|规范/,
  ],
  // Which street or subdistrict (设在哪个街道): the clause must name one, not say 各街道.
  [/(?:哪个|哪些|哪条|哪几个|哪几条)(?:街道|街|路|镇)/, /[\u3400-\u9fff]{2,}(?<![各等全本该])(?:街道|路\d+号)/],
  // Which parks or buildings (在哪几个园区有): the clause must name one (漕河泾园区, 知汇大厦), not say 园区 or 各园区.
  [
    /(?:哪个|哪些|哪几个|哪几家|哪几座|哪栋|哪座)(?:园区|产业园|楼宇|大厦|大楼|基地|孵化器|商圈)/,
    /[\u3400-\u9fff]{2,}(?<![各等全本该类重点产业科技特色相关所在工业商务楼宇区域])(?:园区|产业园|科技园|园|大厦|大楼|广场|基地|孵化器|商圈|中心)/,
  ],
  // Which bank, which company, which building (哪家银行, 第三方机构是哪家公司, 在哪个楼, which banks): the clause
  // must name one (世界银行, 知汇大厦), not the kind in general (商业银行, 第三方专业机构, 商务楼宇).
  [
    /哪(?:家|一家|几家|些|个)银行|\bwhich (?:(?:commercial|partner|local|state-owned|private|lending) )?banks?\b/i,
    /[\u3400-\u9fff]{2,}(?<!商业|政策性|合作|相关|金融|国有|股份制|民营|外资|中资|地方|开户|各|等|和)银行/,
  ],
  [
    /哪(?:家|一家|几家)(?:公司|律所|事务所)|\bwhich (?:(?:law|accounting|consulting|management|third-party|private|state-owned|fund|guarantee|insurance) )?(?:company|companies|firms?)\b|\bwho is the (?:[a-z-]+ ){0,3}(?:manager|operator|contractor)\b/i,
    /[\u3400-\u9fff]{2,}(?<!第三方|专业|中介|相关|服务|担保|投资|平台|国有|区属|各类|各|等)(?:有限公司|公司|集团|事务所)/,
  ],
  [
    /(?:哪个|哪栋|哪座|哪幢|哪一栋|哪一座)(?:楼|大楼|楼宇|大厦)|在哪(?:个)?楼(?!宇)|\bwhich (?:[a-z-]+ ){0,2}buildings?\b/i,
    /[\u3400-\u9fff]{2,}(?<!商务|楼宇|各|相关|产业|重点|特色)(?:大厦|大楼|广场)|\d+号楼/,
  ],
  // Which neighbourhoods or streets, in English: the clause must name a street (长寿路街道), not say 各街道.
  [
    /\bwhich (?:[\w-]+ ){0,2}(?:neighbou?rhoods?|streets?|subdistricts?|sub-districts?|communities|towns?)\b/i,
    /[\u3400-\u9fff]{2,}(?<![各等全本该])(?:街道|路\d+号)/,
  ],
  // The steps of a procedure (流程是什么, 有哪些步骤): the clause must speak of them.
  [/(?:流程|步骤|程序)(?:是|有)?(?:什么|啥|哪些|怎样|如何)|(?:哪些|什么|啥)(?:流程|步骤|程序)/, /流程|步骤|环节|程序/],
  // Where to do it (哪个窗口, 在哪办): a window, a centre or an online channel the clause names.
  [
    /(?:哪个|哪些|什么)窗口|(?:去|在)哪(?:里|儿)?(?:办|办理)/,
    /窗口|专窗|专区|中心|大厅|服务站|一网通办|网办|网上|线上|平台|随申办|APP|小程序/i,
  ],
  // A permit the clause grants (工作许可证件) is no material asked of the applicant.
  [
    /(?:哪些|什么|啥)(?:申请|申报|证明|纸质)?(?:材料|资料|证件)|(?:提交|准备|带)(?:哪些|什么|啥)|\b(?:what|which) (?:documents|papers|paperwork|materials)\b|\bdocuments? (?:do i|do we|are) (?:need|needed|required)/i,
    /材料|资料|证明|(?:提交|递交|上传|携带|出具)[^，。；]{0,10}(?:证件|文件)/,
  ],
  // How to apply (怎么申请, 如何申报, 怎么报名): the clause must say how, or that no application is needed.
  [
    /(?:怎么|如何|怎样|咋|去哪(?:里|儿)?|在哪(?:里|儿)?)(?:去|才能|可以|来|进行)?(?:申请|申报|报名|申领)|\bhow (?:do|can|should) (?:i|we) (?:apply|sign up|register for)\b|\bhow to (?:apply|sign up)\b|\bapplication (?:process|procedure)\b/i,
    /申请|申报|报名|申领|免申|即享|直达|自动兑现/,
  ],
  // An amount per person or firm, or a cap (每人能拿多少, 最高补多少, 我们公司能返多少: what one firm gets): a total
  // does not give it. (单位 is an organisation, no "per unit": 机关单位拖欠的货款多少天内还 asks no amount per firm.)
  [
    /(?:每(?:人|家|户|个(?!月|星期|季度|工作日|小时)|位|名|笔|项|年)|单(?:人|家|户|个|名|笔|项)|(?<![这那哪])一个人|每个人)[^，。？?]{0,8}?(?:多少|几)(?!号|点|月|日)|(?:我|我们|咱|咱们)(?:公司|企业|厂|家)?[^，。？?]{0,8}?(?:能|可以|可)(?:拿|领|返|返还|补|获得|得到|享受|贷|借)(?:到)?多少|最(?:高|多)(?:能|可以?)?(?:拿|给|补|贷|奖|申请|获得|减免)?(?:到)?多少|上限(?:是)?多少|\bmaximum (?:amount|subsidy|grant|loan)\b|\b(?:the )?cap on\b|(?<!\bby how much\b[^?.]*)\bper (?:company|firm|person|enterprise)\b|\b(?:one|a single|each) (?:company|firm|person) (?:can )?(?:get|receive)\b/i,
    /每(?:人|家|户|个|位|名|笔|项|年)|最高|上限|不超过|单(?:家|个|笔|户|项)|同一(?:企业|家|户)|给予[^，。；]{0,10}\d+(?:\.\d+)?\s*(?:(?:万|亿)?元|%)|按[^，。；]{0,12}(?:比例|标准|\d+(?:\.\d+)?\s*%)/,
  ],
  // A sum per unit of power, land or floor (每度电补几分钱, 每亩多少钱, 多少钱一平): the clause must state a rate per unit.
  [
    /每(?:度|千瓦时|亩|平方米|平米|吨|立方米?)(?:电|地|水)?[^，。？?]{0,6}(?:多少|几)|(?:多少|几)(?:钱|块|元)?(?:一|每)(?:度|千瓦时|亩|平方米?|平米|平|吨|立方米?|方)(?![\u3400-\u9fff])|几(?:分|毛|角)钱/,
    /每(?:千瓦时|度|亩|平方米|吨|立方米)|元\s*[/／]\s*(?:千瓦时|度|亩|平方米|吨|立方米)/,
  ],
  // Whether it costs anything (收费吗, 要不要钱, does it charge any fee): the clause must speak of a fee or say it is free.
  [
    /(?:收费|收钱|要钱|花钱|付费|交钱|掏钱)(?:吗|嘛|么|不|没|呢|[?？])|免费(?:吗|嘛|么|不|[?？])|收不收(?:费|钱)|要不要(?:钱|交钱|付费|花钱)|(?:是不是|是否)(?:免费|收费|要钱)|\bcharges? (?:any|a|for)\b|\bis (?:it|this|that|there|the [a-z -]{1,30}) free\b|\bfree of charge\b|\bcost (?:anything|money)\b|\bany fees?\b/i,
    /免费|免收|收费|费用|零成本|零收费|零投资|零负担|零费用|不收取|无偿|自费|承担|\d+(?:\.\d+)?\s*(?:万|亿)?元/,
  ],
  // Whether a sum received is taxed (安家补贴要不要交个税, is the allowance tax-free): the clause must speak of the tax.
  [
    /(?:要不要|需不需要|用不用|是否|需要|要)(?:交|缴|扣)(?:个税|税|个人所得税)|交不交(?:个)?税|(?:免税|免个税)(?:吗|嘛|么|不|[?？])|\btax[- ](?:free|exempt)\b|\btaxable\b|\btaxed\b|\bpay (?:income )?tax(?:es)? on\b/i,
    /免税|免征|个人所得税|个税|应税|计税|税前/,
  ],
  // A person's name (专员叫什么名字, the name of our case officer): the plans name units, never people.
  [
    /(?:专员|负责人|联系人|局长|主任|领导|经理|工作人员|书记|区长|处长|科长|律师|顾问|老师|人员)[^，。？?]{0,4}(?:叫什么|叫啥|姓什么|姓啥|名字|姓名)|\bname of (?:the|our|my|that|this) (?:[a-z-]+ ){0,2}(?:officer|specialist|commissioner|contact|person|manager|lawyer|adviser|advisor|consultant|director|head)\b|\bwho is (?:the|our|my) (?:[a-z-]+ ){0,2}(?:contact person|case officer|account manager)\b/i,
    /[\u3400-\u9fff](?:先生|女士)|姓名[:：]/,
  ],
];

/**
 * The responsible unit asked for by its kind (哪个部门负责, 责任单位是哪个局, which agency handles…): a clause on the
 * topic that names no unit does not say which, and the plans assign the work to no one else. A bare "who" (谁牵头)
 * is left to the clause, which may say who in other words.
 */
const UNIT_ASKED =
  /(?:哪个|哪些|哪一个|什么|啥)(?:部门|单位|机构|局|委)|由哪(?:个|些|家)?(?:部门|单位|机构|局)|(?:责任|牵头|负责|主管)(?:单位|部门)|\bwhich (?:[a-z-]+ )?(?:department|agency|office|bureau|authority|unit)\b|\bresponsible (?:unit|department|agency)\b/i;

/**
 * A name the question asks for by 哪家 (哪家律师事务所, 律师都是哪家的): the clause must name that kind of
 * organisation, not only share the question's other words.
 */
const WHICH_ONE = /(?:哪家|哪一家|哪几家)([^的，,。？?！!；;\s]*)/g;

export function askedByName(question: string, concepts: string[]): string[] {
  const spans = [...question.matchAll(WHICH_ONE)].map((m) => m[1]!);
  return concepts.filter((c) => spans.some((span) => span.includes(c)));
}

/**
 * Whether one thing is among those a clause covers (餐饮业在试点里面吗, 试点包括餐饮业吗, 个体户算不算): the
 * member asked about must be named by the clause; a clause naming only the container does not say.
 */
const MEMBER: RegExp[] = [
  /([^，,。？?！!；;\s]{2,12}?)(?:在|属于)[^，,。？?！!]{0,10}?(?:里面|里头|里|之中|之内|范围内|范围|以内)(?:吗|嘛|么|不|没有|没)/g,
  /(?:包括|包含|涵盖|含有|覆盖到?)(?:了)?([^，,。？?！!；;\s]{2,12}?)(?:吗|嘛|么|没有|没|不)/g,
  /([^，,。？?！!；;\s]{2,12}?)(?:算不算|属不属于|在不在)/g,
  // Y里面有X吗 (not 方案里有没有…: what the plans hold is the question's topic, retrieval's business).
  /(?<!方案|计划|措施|政策|文件)(?:里面|里头|之中)(?:有没有|有)([^，,。？?！!；;\s]{2,12}?)(?:吗|嘛|么|没有|没)/g,
];

export function askedMember(question: string, concepts: string[]): string[] {
  const spans = MEMBER.flatMap((re) => [...question.matchAll(re)].map((m) => m[1]!.toLowerCase()));
  return concepts.filter((c) => spans.some((span) => span.includes(c.toLowerCase())));
}

/** A term the asker puts in quotes (名字里能带“中国”吗, 「一网通办」): the very words asked about. */
const QUOTED = /[“"「『‘]([^”"」』’]{1,16})[”"」』’]/g;

/** The question's concepts inside its quotes: a cited clause must say each of them, not only the words around them. */
export function quotedConcepts(question: string, concepts: string[]): string[] {
  const spans = [...question.matchAll(QUOTED)].map((m) => m[1]!.toLowerCase());
  return concepts.filter((c) => spans.some((span) => span.includes(c.toLowerCase())));
}

const COMPARED =
  /([^，,。？?、和与跟同]{2,})(?:和|与|跟|同)([^，,。？?、和与跟同]{2,}?)(?:之间)?(?:有)?(?:什么|啥|哪些)?(?:区别|不同|差别|差异)/;

const COMPARED_EN = /\bdifferences? between\b|\bcompared? (?:to|with)\b|\bversus\b|\bvs\.?(?=\s)/i;

/** The concepts on each side of a comparison of two things (有限责任公司和个体工商户有什么区别), or null. */
export function comparedSides(question: string, concepts: string[]): [string[], string[]] | null {
  const m = COMPARED.exec(question);
  if (!m) return null;
  const a = concepts.filter((c) => m[1]!.includes(c));
  const b = concepts.filter((c) => m[2]!.includes(c));
  // A word both sides share (一般纳税人和小规模纳税人: 纳税人) tells neither side apart: each is known by its own.
  const shared = (c: string, other: string[]) => other.some((o) => o.includes(c));
  const ownA = a.filter((c) => !shared(c, b));
  const ownB = b.filter((c) => !shared(c, a));
  if (!a.length || !b.length) return null;
  return ownA.length && ownB.length ? [ownA, ownB] : [a, b];
}

/** How far below the first three hits a clause stating the asked figure is still looked for. */
const QUANTITY_REACH = 6;

/** Whether a clause states a figure of the asked kind (a name in quotes, “三个实有”, is no count it states). */
export function statesQuantity(quantity: Quantity, text: string): boolean {
  return STATED_QUANTITY[quantity].test(quantity === "count" ? text.replace(/“[^”]*”/g, "") : text);
}

export function askedQuantity(question: string): Quantity | null {
  for (const [kind, re] of [...ASKED_QUANTITY, ...(asksSeveralEn(question) ? [] : ASKED_QUANTITY_EN)]) if (re.test(question)) return kind;
  return null;
}

/**
 * Where a question asks for a sum of a named fee (多少注册费, 手续费收多少, 登记费要交多少, 刻章费多少钱), the fee:
 * a clause that names another sum (免费发放电子执照) or none does not answer it. A fee is read from the text, as
 * the two characters before 费 (注册费, 刻章费, 管理费), so a fee no dictionary knows is still one. (Taking any
 * word next to the asking words as the thing measured was tried: the word there is as often a verb or a
 * generic noun, 达到多少, 目标是多少, 降到多少, that the answering clause need not repeat; on the standard sets it
 * refused some 30 answerable questions.)
 */
const FEE_ASKED = [
  /(?:多少|几)(?:钱的?)?(\p{Script=Han}{0,1}(?![免收缴交付消花])\p{Script=Han}费)(?!率)/gu,
  /(\p{Script=Han}{0,1}(?![免收缴交付消花])\p{Script=Han}费)(?!率)(?:用)?[^，。？?,]{0,3}?(?:多少|几)/gu,
];

export function askedFees(question: string): string[] {
  return [...new Set(FEE_ASKED.flatMap((re) => [...question.matchAll(re)].map((m) => m[1]!)))];
}

/**
 * After a first phrase that grants something (…电子印章免费，), a phrase opened by 那 / 那么 / 可是 that asks a value
 * (那实体公章刻一个要多少钱) asks it of another thing: the question's concepts in that phrase before the asking
 * words, but words that only count (一个, 一次).
 */
const CONTRAST = /[，,。；;]\s*(?:那么?|可是|但是?|不过)([^，,。？?！!；;]*?)(?:多少|几|多久|多长|多大|多高)/;
const COUNTING = /多少|几|一个|一次|一套|一份|\d/;

export function contrastedSubject(question: string, concepts: string[]): string[] {
  const phrase = CONTRAST.exec(question)?.[1];
  return phrase ? concepts.filter((c) => phrase.includes(c) && !COUNTING.test(c)) : [];
}

/** Decides whether the plans answer the question at all; null when they do. */
export function outOfScope(u: Understanding, hits: ClauseHit[], minStrength = DEFAULT_MIN_STRENGTH): OutOfScope | null {
  return scopeDecision(u, hits, minStrength)?.reason ?? null;
}

/** A refusal with the rule that made it (eval diagnostics and tests name the rule). */
export interface ScopeDecision {
  reason: OutOfScope;
  rule: string;
  /** What the plans leave unsaid, when the refusal can name it (the responsible unit): the answer says so. */
  unstated?: FactKind;
}

const why = (rule: string, reason: OutOfScope, unstated?: FactKind): ScopeDecision =>
  unstated ? { reason, rule, unstated } : { reason, rule };

/**
 * The refusals that read the question alone, whatever retrieval finds: instructions, the asker's own case or a
 * task, what a national law says, a district the plans do not cover named in English. They come first in
 * `scopeDecision` too, in this order, so the reason (and with it the message) is the same whether the assistant
 * applies them to the whole message, before it is split into parts or read as a question about the plan as a
 * document (《…条例》哪一年施行 is about a law, not the plan), or retrieval's rules follow. A place the question
 * names that the understanding knows (闵行区, Minhang) is left to `other_place`, whose message names it.
 */
export function questionScope(u: Understanding): ScopeDecision | null {
  if (INJECTION_RE.test(u.question) || FORGED_RE.test(u.question) || FORGED_ROLE_RE.test(u.question))
    return why("injection", "instructions");
  // One's own case (我的申请批下来没有) or a task (帮我写一份申请书) is no question the plans answer.
  if (OWN_CASE_RE.test(u.question) || TASK_RE.test(u.question)) return why("own_case_or_task", "instructions");
  if (NATIONAL_LAW.test(u.question)) return why("national_law", "no_match");
  // A district the plans do not cover, named in English (Does Jiangnan district have an action plan?).
  if (u.lang === "en" && !u.districts.length && !u.otherPlaces.length && OTHER_DISTRICT_EN.test(u.question))
    return why("other_place_en", "no_match");
  return null;
}

/** The refusal rules in order; the first that applies decides. */
export function scopeDecision(u: Understanding, hits: ClauseHit[], minStrength = DEFAULT_MIN_STRENGTH): ScopeDecision | null {
  const asked = questionScope(u);
  if (asked) return asked;
  if (u.otherPlaces.length && !u.districts.length) return why("other_place", "other_place");
  if (CHIT_CHAT_RE.test(u.question) && !u.followup) return why("chit_chat", "chit_chat");
  // China's national rules (tax rates, visas, company forms in China) are in no district plan.
  if (u.national && !u.followup) return why("national", "no_match");
  if (!hits.length) return why("no_hits", "no_match");
  for (const [asked, spokenOf] of minStrength > 0 ? PERSONAL_MATTERS : [])
    if (asked.test(u.question) && !hits.slice(0, 3).some((h) => spokenOf.test(h.clause.text))) return why("personal_life", "no_match");
  const top = hits.slice(0, 3);
  const best = Math.max(...top.map(matchStrength));
  // Two concepts specific to a few clauses, both said by one of them, answer a long spoken question too.
  const specific = minStrength > 0 && top.some((h) => (h.evidence?.rareMatched ?? 0) >= RARE_MATCHES);
  if (best < minStrength && !specific) return why("weak_evidence", "weak_match");
  // The hits an answer would cite: the first and those at full strength; `topical`, those also on its topic.
  const strong = top.filter((h, i) => i === 0 || matchStrength(h) >= minStrength);
  const topical = top.filter((h, i) => i === 0 || matchStrength(h) >= Math.max(minStrength, ON_TOPIC * best));
  // Asked what help there is for X (新能源车有什么补贴), a clause that only shares the kind of help does not answer.
  const first = top[0]?.evidence;
  if (minStrength > 0 && first && first.matched.length && first.matched.every((m) => SUPPORT.test(m)) && first.missing.length)
    return why("only_kind_of_help", "weak_match");
  // Money help the question names (有没有补贴, 能拿奖励吗) must be named by a cited clause: the clause on the topic
  // that offers no money does not say there is any.
  if (minStrength > 0 && first) {
    const money = first.missing.filter((c) => MONEY_HELP.test(c));
    if (money.some((c) => !strong.some((h) => h.evidence?.matched.includes(c)))) return why("money_help_unnamed", "weak_match");
  }
  // Asked for a figure, the clauses that would be cited must state one of its kind.
  const quantity = minStrength > 0 ? askedQuantity(u.question) : null;
  if (quantity) {
    // The first three hits, and (a Chinese question, whose concepts are its own words) a clause just below them as
    // close to the best one: the answer then cites it first. An English question's dictionary concepts reach
    // clauses that share one word too easily for that.
    const below = u.lang === "zh" ? hits.slice(3, QUANTITY_REACH) : [];
    const cited = [...strong, ...below.filter((h) => matchStrength(h) >= Math.max(minStrength, ON_TOPIC * best))];
    if (!cited.some((h) => statesQuantity(quantity, h.clause.text))) return why("quantity_unstated", "weak_match");
  }
  if (minStrength > 0 && first && (quantity || askedFact(u.question))) {
    const fees = askedFees(u.lang === "zh" ? u.retrievalText : "");
    if (fees.some((fee) => !strong.some((h) => h.clause.text.includes(fee)))) return why("fee_unsaid", "weak_match");
    // A value asked of a second thing set against one the question grants (电子印章免费，那实体公章刻一个要多少钱):
    // each concept of that second thing must be said by a cited clause on the topic.
    const other = contrastedSubject(u.retrievalText, [...first.matched, ...first.missing]);
    if (other.some((c) => !topical.some((h) => h.evidence?.matched.includes(c)))) return why("contrasted_thing_unsaid", "weak_match");
  }
  if (minStrength > 0 && first) {
    const named = [
      ...askedByName(u.question, [...first.matched, ...first.missing]),
      ...quotedConcepts(u.retrievalText, [...first.matched, ...first.missing]),
      ...askedMember(u.question, [...first.matched, ...first.missing]),
    ];
    if (named.some((c) => !strong.some((h) => h.evidence?.matched.includes(c)))) return why("named_thing_unsaid", "weak_match");
  }
  // Two things compared (A和B有什么区别): a clause must speak of each (district names are no concepts, so a
  // comparison of districts is no such question).
  if (minStrength > 0 && first) {
    const sides = comparedSides(u.question, [...first.matched, ...first.missing]);
    if (sides && !sides.every((side) => top.some((h) => side.some((c) => h.evidence?.matched.includes(c)))))
      return why("compared_side_unsaid", "weak_match");
    // In English the sides cannot be told apart in the concepts (they are the dictionary's Chinese): a comparison
    // some concept of which no clause says is not answered by the clauses on the other side.
    if (
      u.lang === "en" &&
      u.districts.length < 2 &&
      COMPARED_EN.test(u.question) &&
      first.missing.some((c) => !top.some((h) => h.evidence?.matched.includes(c)))
    )
      return why("compared_side_unsaid", "weak_match");
  }
  // Asked who is responsible, with no unit named in the question: a clause on the topic must name one.
  if (minStrength > 0 && first && !u.units.length && UNIT_ASKED.test(u.question)) {
    if (!topical.some((h) => h.clause.units.length || statesFact("unit", h.clause.text))) return why("unit_unnamed", "weak_match", "unit");
  }
  // A question that asks two things in one English sentence asks no one facet of every cited clause.
  for (const [asked, stated] of minStrength > 0 && !asksSeveralEn(u.question) ? FACETS : []) {
    // Said by a clause on the question's topic: one that shares a word or two (人才…材料) says it of something else.
    if (asked.test(u.question) && !topical.some((h) => stated.test(h.clause.text))) return why("facet_unstated", "weak_match");
  }
  for (const [asked, stated, firstOnly] of minStrength > 0 ? FACETS_EN : []) {
    const cited = firstOnly ? top.slice(0, 1) : strong;
    if (asked.test(u.question) && !cited.some((h) => stated.test(h.clause.text))) return why("facet_unstated_en", "weak_match");
  }
  return null;
}
