import { BadRequestError } from "../errors.ts";
import { questionConcepts } from "../retrieve/concepts.ts";
import { correctEnglishSpelling, englishUnitNames, prepareEnglish } from "../retrieve/english.ts";
import { warmUp } from "../retrieve/pipeline.ts";
import { type ClauseStore, type EvidencedHit, inProcessStore, type PolicyIndex, withSentences } from "../retrieve/retriever.ts";
import type { Clause } from "../plan/schema.ts";
import { anchoredClauses } from "../understand/followup.ts";
import { type DocumentAspect, documentFollowup } from "../understand/document.ts";
import { resolveDistrict, shortDistrict } from "../understand/lexicon.ts";
import { smalltalkKind } from "../understand/smalltalk.ts";
import { type HistoryMessage, type Understanding, understand } from "../understand/understand.ts";
import { briefReference, citationOf } from "./cite.ts";
import { answerConfidence, levelOf } from "./confidence.ts";
import { type IntentPolicy, intentOf } from "./intents.ts";
import { composeAnswer, coveredDistricts, notFoundAnswer, script } from "./compose.ts";
import { documentAnswer, missingPlanYear } from "./document.ts";
import { askedFact, statesFact } from "./facts.ts";
import { DEFAULT_OUTPUT_POLICY, finalizeAnswer, type OutputPolicy } from "./check.ts";
import type { LlmAnswerer } from "./llm.ts";
import { answerWithLlm } from "./llm-answer.ts";
import { MESSAGES } from "./messages.ts";
import { splitQuestion } from "./multipart.ts";
import { numberedAnswer } from "./numbered.ts";
import type { Answer } from "./schema.ts";
import { asksSeveralEn } from "./asks-en.ts";
import { askedQuantity, DEFAULT_MIN_STRENGTH, matchStrength, onTopic, questionScope, scopeDecision, statesQuantity } from "./scope.ts";

/** Aspects that count or list (measures, sections, parts): a follow-up may ask them of the clauses just cited. */
const OUTLINE_ASPECTS: ReadonlySet<DocumentAspect> = new Set(["count", "sections", "parts", "part"]);
const NAMES_DOCUMENT = /文件|方案|计划|措施|清单|要点|政策|\b(?:document|plan|policy)\b/i;
/** Verbs a question about a document's dates shares with clauses that announce something (发布清单, 出台办法). */
const ISSUE_VERB = /发布|出台|印发|公布|推出|实施/g;
/** 发 alone (哪个部门发？) after a clause that hands something out (发放稳岗返还资金) asks who hands it out, not who issued the plan. */
const BARE_GIVE = /(?<![印颁下分])发(?![布文行展现生挥生改])/u;
const HANDS_OUT = /发放|发给|下发|颁发|兑现|拨付/u;

/** A clause the previous answer cited, as a hit that says what a follow-up on it asks (its topic is that clause's). */
function anchoredHit(index: PolicyIndex, u: Understanding, clause: Clause): EvidencedHit {
  const evidence = { matched: [], missing: [], strength: 1, coverage: 1, rareMatched: 0 };
  return withSentences(
    { id: clause.id, clause, score: 1, lexical: null, vector: null, evidence },
    index.tokenizer,
    `${u.retrievalText} ${u.question}`,
  );
}

/**
 * Every unit the plans name, as written and without its leading 区 (发展和改革局), for questions about a unit
 * the alias table lacks; collective names (各街道办事处, 各执法部门) name no one unit.
 */
function unitNamesOf(index: PolicyIndex): [string, string][] {
  const names = new Set<string>();
  for (const c of index.clauses.values()) for (const x of c.units) if (!/^各/.test(x.name) && [...x.name].length >= 3) names.add(x.name);
  return [...names].flatMap((n): [string, string][] =>
    n.startsWith("区") && [...n].length >= 5
      ? [
          [n, n],
          [n.slice(1), n],
        ]
      : [[n, n]],
  );
}

/** How many of a plan's clauses contain a word, in their text or their units' names (税务 → 区税务局). */
function clausesSaying(index: PolicyIndex, word: string, planId: string): number {
  let n = 0;
  for (const c of index.clauses.values())
    if (c.planId === planId && (c.text.includes(word) || c.units.some((x) => x.name.includes(word)))) n++;
  return n;
}

/** The best hit, then only those that match the question on their own (a unit's clauses all count). */
function relevantHits(intent: IntentPolicy, hits: EvidencedHit[], minStrength: number): EvidencedHit[] {
  if (!intent.refusal) return hits;
  return hits.filter((h, i) => i === 0 || matchStrength(h) >= minStrength);
}

export interface AskInput {
  message: string;
  history?: HistoryMessage[];
  /** A covered district to answer from when the question names none (e.g. the widget's page): 普陀, 普陀区, putuo… */
  district?: string;
  /** Who asked, for the question log (never used to answer): the client, and its address (hashed before storing). */
  channel?: "widget" | "console" | "api";
  clientIp?: string;
}

export interface AskOptions {
  /** Cancels the answer (and the LLM request) when the client goes away; ask() then rejects. */
  signal?: AbortSignal;
  /** Receives an LLM answer's text as the model writes it; the final answer may differ (see check.ts). */
  onDelta?: (text: string) => void;
}

const askOptions = (o: AskOptions | AbortSignal | undefined): AskOptions => (o instanceof AbortSignal ? { signal: o } : (o ?? {}));

export interface Assistant {
  index: PolicyIndex;
  llmModel: string | null;
  /**
   * Holds an answer to the output policy (sanitized, capped): ask() applies it to every answer it gives, and
   * a wrapper that serves an answer around ask() (a curated one, src/feedback/wrap.ts) applies it, so every
   * answer leaves finalized once and the routes send what they are given.
   */
  finalize(answer: Answer): Answer;
  /** A bare AbortSignal as the second argument still works (it is the options' signal). */
  ask(input: AskInput, options?: AskOptions | AbortSignal): Promise<Answer>;
  understand(input: AskInput): Understanding;
}

export interface AssistantOptions {
  llm?: LlmAnswerer | null;
  /** Where clauses are searched; the in-process index by default. */
  store?: ClauseStore;
  minStrength?: number;
  /** Log LLM failures (the answer falls back to the offline one). */
  onLlmError?: (err: unknown) => void;
  /**
   * Build the lazily made retrieval tables now (tests and benchmarks that time the first question), or
   * "background": the English dictionary map between requests, so the first English question does not wait for it.
   */
  warm?: boolean | "background";
  /** Length cap and link origins for every answer (src/config.ts `answer`). */
  output?: OutputPolicy;
}

const RETRIEVE_K = 8;
/** How many retrieved clauses the LLM is shown. */
const LLM_CLAUSES = 6;
/** How many other close clauses an answer offers. */
const ALTERNATIVES = 3;

export function createAssistant(index: PolicyIndex, options: AssistantOptions = {}): Assistant {
  const metas = index.plans.map((p) => p.meta);
  const districts = [...new Set(metas.map((m) => m.district))];
  const districtOfPlan = new Map(metas.map((m) => [m.id, m.district]));
  const llm = options.llm ?? null;
  const minStrength = options.minStrength ?? DEFAULT_MIN_STRENGTH;
  const partTitles = index.plans.flatMap((p) => p.parts.map((part) => part.title));
  const documentNames = [
    ...metas.flatMap((m) => [
      m.title,
      m.city ? m.title.replace(m.city, "") : m.title,
      m.titleEn ?? "",
      m.city ?? "",
      m.city?.replace(/市$/, "") ?? "",
    ]),
    ...metas.flatMap((m) => [m.district, shortDistrict(m.district), m.districtEn ?? "", m.districtEn?.replace(/\s+District$/i, "") ?? ""]),
  ].filter((n) => n.length >= 2);

  const corpusUnits = unitNamesOf(index);
  const englishUnits = (question: string) => englishUnitNames(index, question);
  const englishSpelling = (question: string) => correctEnglishSpelling(index, question);
  const store = options.store ?? inProcessStore(index);
  // The general vocabulary and the corpus's word sounds are built on the first question that needs them,
  // not here: building them at start-up blocked the event loop past /readyz's budget on a large corpus.
  if (options.warm === "background") void prepareEnglish(index);
  else if (options.warm) warmUp(index);

  const interpret = (input: AskInput, message = input.message, history = input.history ?? []): Understanding => {
    const u = understand(message, history, metas, { corpusUnits, englishUnits, englishSpelling });
    if (input.district === undefined || input.district.trim() === "") return u;
    const district = resolveDistrict(input.district, metas);
    if (!district) throw new BadRequestError(`unknown district "${input.district}"; covered: ${districts.join(", ")}`, ["district"]);
    if (!u.districts.length && !u.otherPlaces.length) return { ...u, districts: [district] };
    return u;
  };

  /** One question (or one part of a multi-part question), offline. */
  async function answerOne(asked: Understanding): Promise<{ answer: Answer; hits: EvidencedHit[] }> {
    const inScope = (district: string) => !asked.districts.length || asked.districts.includes(district);
    // A follow-up on a clause the previous answer cited (那配合单位是谁？, 解决率呢？) starts from that clause,
    // in that clause's district when the question names none.
    const anchors = anchoredClauses(
      asked,
      (id) => {
        const c = index.clauses.get(id);
        return c && inScope(districtOfPlan.get(c.planId) ?? "") ? c : undefined;
      },
      (word, clause) => clausesSaying(index, word, clause.planId),
    ).map((clause) => anchoredHit(index, asked, clause));
    const u =
      anchors.length && !asked.districts.length
        ? { ...asked, districts: [...new Set(anchors.map((a) => districtOfPlan.get(a.clause.planId)!))] }
        : asked;
    const plans = index.plans.filter((p) => !u.districts.length || u.districts.includes(p.meta.district));
    // A plan of a year the collection lacks (普陀区2024年新的方案出了没有) is not answered from another year's plan.
    const year = anchors.length || !plans.length ? null : missingPlanYear(u.question, plans);
    if (year) {
      const answer = notFoundAnswer(index, u, { reason: "no_match", confidence: 0.9 });
      const titles = plans.map((p) => p.meta.title);
      return {
        answer: { ...answer, answer: script(u, `${MESSAGES[u.lang].document.noPlanOfYear(year, titles)}\n${answer.answer}`) },
        hits: [],
      };
    }
    // After an answer citing clauses, a count (多少个领域？) is about them unless the question names the
    // document; its number, issuer or dates are about the document whatever it names (这个文件是哪天发的？).
    // A date asked with the cited clause's own verb (clause: 将发布…清单; then 什么时候发布？) is the clause's deadline.
    const clauseVerb =
      (u.question.match(ISSUE_VERB) ?? []).some((v) => anchors.some((a) => a.clause.text.includes(v))) ||
      (BARE_GIVE.test(u.question) && anchors.some((a) => HANDS_OUT.test(a.clause.text)));
    const aboutDocument = [documentFollowup(u.question, u.previousQuestion, u.lang, documentNames, partTitles)].find(
      (q) =>
        q &&
        (!anchors.length || !q.aspects.some((a) => OUTLINE_ASPECTS.has(a)) || NAMES_DOCUMENT.test(u.question)) &&
        !(clauseVerb && !NAMES_DOCUMENT.test(u.question)),
    );
    // 财政局负责几条 counts a unit's measures, not the plan's.
    const doc = aboutDocument && u.units.length && aboutDocument.aspects.includes("count") ? null : aboutDocument;
    if (doc && !(u.otherPlaces.length && !u.districts.length)) {
      const d = documentAnswer(index, plans, doc, u.lang);
      if (d.found) {
        const answer: Answer = {
          answer: script(u, d.text),
          status: "answered",
          lang: u.lang,
          mode: "extractive",
          citations: d.citations,
          confidence: 0.95,
          confidenceLevel: "high",
          alternatives: [],
        };
        return { answer, hits: [] };
      }
      const answer = notFoundAnswer(index, u, { reason: "no_match", confidence: 0.9 });
      return { answer: { ...answer, answer: script(u, `${d.text}\n${answer.answer}`) }, hits: [] };
    }

    const intent = intentOf(u);
    // A measure asked for by its number is looked up by that number (a place the plans do not cover is still refused).
    if (u.measure !== null && !(u.otherPlaces.length && !u.districts.length)) {
      const numbered = await store.search(u, { k: RETRIEVE_K, strategy: "numbered" });
      return { answer: numberedAnswer({ corpus: index, u: { ...u, measure: u.measure }, intent, hits: numbered, plans }), hits: numbered };
    }
    const found = await store.search(u, { k: RETRIEVE_K, strategy: intent.retrieval });
    const hits = anchors.length && intent.refusal ? [...anchors, ...found.filter((h) => !anchors.some((a) => a.id === h.id))] : found;
    const decision = scopeDecision(u, hits, intent.refusal ? minStrength : 0);
    const scope = decision?.reason;
    if (decision?.unstated && hits[0]) {
      const nearest = citationOf(index, hits[0].clause);
      return {
        answer: notFoundAnswer(index, u, { reason: decision.reason, unstated: { fact: decision.unstated, nearest }, confidence: 0.7 }),
        hits,
      };
    }
    if (scope) {
      // Sure of a refusal for another place or an instruction; for a weak match, less sure the nearer it came.
      const best = Math.max(0, ...hits.slice(0, 3).map(matchStrength));
      const weak = scope === "weak_match" || scope === "no_match";
      const confidence = weak ? Math.round(Math.max(0.3, 1 - best / Math.max(minStrength, 1e-9) / 2) * 100) / 100 : 0.95;
      return { answer: notFoundAnswer(index, u, { reason: scope, confidence }), hits };
    }
    // A question asking for a fee, a rate, an address, hours or a year is answered only by a clause that states one.
    const fact = intent.refusal && intent.factCheck ? askedFact(u.question) : null;
    let ranked = relevantHits(intent, hits, minStrength);
    // A figure asked for that none of the first three states, but an on-topic clause just below does, is cited from it.
    const quantity = intent.factCheck ? askedQuantity(u.question) : null;
    if (quantity && intent.refusal && u.lang === "zh" && !ranked.slice(0, 3).some((h) => statesQuantity(quantity, h.clause.text))) {
      const stating = onTopic(ranked.slice(0, 6)).filter((h) => statesQuantity(quantity, h.clause.text));
      ranked = [...stating, ...ranked.filter((h) => !stating.includes(h))];
    }
    // Asked for a fact about the cited clause, only that clause can state it (地址给我一下 after a clause naming none is refused).
    if (fact && anchors.length) ranked = ranked.filter((h) => anchors.some((a) => a.id === h.id));
    if (fact) {
      const stating = ranked.filter((h) => statesFact(fact, h.clause.text, u.question, h.clause.deadline));
      // A question asking two things (…rate target, and how many sessions…) may have its value in the second clause.
      const topical = asksSeveralEn(u.question) ? ranked : onTopic(ranked);
      if (!stating.some((h) => topical.includes(h))) {
        const nearest = citationOf(index, ranked[0]!.clause);
        return { answer: notFoundAnswer(index, u, { reason: "weak_match", unstated: { fact, nearest }, confidence: 0.7 }), hits };
      }
      ranked = [...stating, ...ranked.filter((h) => !stating.includes(h))];
    }
    // Asked for a figure (how long, 多少家), a clause stating one of that kind among the first few leads
    // (…company formation take → the clause with 1个工作日, not the one on free seals that ranked first).
    if (quantity && !anchors.length && ranked[0] && !statesQuantity(quantity, ranked[0].clause.text)) {
      const stating = ranked.slice(1, 3).find((h) => statesQuantity(quantity, h.clause.text) && matchStrength(h) >= minStrength);
      if (stating) ranked = [stating, ...ranked.filter((h) => h !== stating)];
    }
    const offline = composeAnswer(index, u, ranked, intent);
    const shown = new Set(offline.citations.map((c) => c.id));
    const alternatives = ranked
      .filter((h) => !shown.has(h.id))
      .slice(0, ALTERNATIVES)
      .map((h) => citationOf(index, h.clause));
    const confidence = intent.confidence ?? answerConfidence(ranked);
    const level = levelOf(confidence);
    let text = offline.answer;
    if (level === "low") {
      const metas = index.plans.map((p) => p.meta);
      const alts = ranked.slice(1, 1 + ALTERNATIVES).map((h) => briefReference(citationOf(index, h.clause), metas, u.lang));
      if (alts.length) text += script(u, MESSAGES[u.lang].lowConfidence(alts.join(MESSAGES[u.lang].list)));
    }
    return { answer: { ...offline, answer: text, confidence, confidenceLevel: level, alternatives }, hits: ranked };
  }

  /** A multi-part question: each part answered and cited on its own; parts the plans do not cover say so. */
  async function answerParts(input: AskInput, parts: string[], whole: Understanding): Promise<Answer> {
    // A part that only continues the one before (具体分工列一下) is read with it, not answered alone.
    const merged: string[] = [];
    for (const part of parts) {
      const alone = interpret(input, part, []);
      const continues = merged.length > 0 && !alone.units.length && questionConcepts(index, alone).length === 0;
      // English parts were cut at a comma, which goes back between them (…in Linjiang, when should…).
      if (continues) merged[merged.length - 1] += whole.lang === "en" ? `, ${part}` : part;
      else merged.push(part);
    }
    if (merged.length === 1) return (await answerOne(interpret(input, merged[0]!))).answer;
    parts = merged;
    const answers: Answer[] = [];
    let previous: HistoryMessage[] = input.history ?? [];
    for (const part of parts) {
      let u = interpret(input, part, previous);
      if (!u.districts.length && whole.districts.length && !u.otherPlaces.length) u = { ...u, districts: whole.districts };
      const answer = (await answerOne(u)).answer;
      answers.push(answer);
      // The next part may follow up on this one (…周末不打烊吗？什么时候开始？): it sees the clauses this part cited.
      const cited = answer.citations.map((c) => `【${c.id}】`).join("");
      previous = [...previous, { role: "user", content: part }, ...(cited ? [{ role: "assistant" as const, content: cited }] : [])];
    }
    const m = MESSAGES[whole.lang].multipart;
    const text = answers.map((a, i) => `${m.part(i + 1, parts[i]!)}\n${a.answer}`).join("\n\n");
    const answered = answers.filter((a) => a.status === "answered");
    const citations = [...new Map(answers.flatMap((a) => a.citations).map((c) => [c.id, c])).values()];
    const confidence = Math.min(...answers.map((a) => a.confidence));
    return {
      answer: text,
      status: answered.length === answers.length ? "answered" : answered.length ? "partial" : "not_found",
      lang: whole.lang,
      mode: "extractive",
      citations,
      confidence,
      confidenceLevel: levelOf(confidence),
      alternatives: answers.flatMap((a) => a.alternatives).slice(0, ALTERNATIVES),
    };
  }

  /** Whether a few words name anything the plans hold: a unit, a place, a measure, or a word the corpus writes. */
  const unseen = index.bm25.idf("\u{F8FF}");
  const asksPlans = (v: Understanding): boolean =>
    v.units.length > 0 ||
    v.districts.length > 0 ||
    v.otherPlaces.length > 0 ||
    v.measure !== null ||
    v.expansion.length > 0 ||
    index.tokenizer.words(v.retrievalText).some((w) => [...w].length >= 2 && index.bm25.idf(w.toLowerCase()) < unseen);

  const output = options.output ?? DEFAULT_OUTPUT_POLICY;
  const finalize = (answer: Answer) => finalizeAnswer(answer, output);
  const assistant: Assistant = {
    index,
    llmModel: llm?.model ?? null,
    finalize,
    understand: (input) => interpret(input),
    async ask(input, askWith) {
      const u = interpret(input);
      const talk = smalltalkKind(u.question, { asksPlans: (aside) => asksPlans(interpret(input, aside, [])) });
      if (talk) {
        const text = MESSAGES[u.lang].smalltalk[talk](coveredDistricts(index, u));
        return {
          answer: script(u, text),
          status: talk === "handoff" ? "handoff" : "smalltalk",
          lang: u.lang,
          mode: "extractive",
          citations: [],
          confidence: 1,
          confidenceLevel: "high",
          alternatives: [],
        };
      }
      // Instructions, one's own case or a national law refuse the whole message, before it is split or read as about the document.
      const refused = questionScope(u);
      if (refused) return notFoundAnswer(index, u, { reason: refused.reason, confidence: 0.95 });
      // 那普陀的呢？也有类似的便利吗: the last question again, of another district, in two sentences: one question.
      const sameAgain =
        u.previousQuestion !== undefined &&
        u.lang === "zh" &&
        [...u.question].length <= 16 &&
        u.districts.length > 0 &&
        !u.districts.some((d) => u.previousQuestion!.includes(shortDistrict(d)));
      // A question about China's national rules is refused whole (its second half alone would lose "in China").
      const parts = sameAgain || u.national ? [input.message] : splitQuestion(input.message);
      if (parts.length > 1) return answerParts(input, parts, u);

      const { answer: offline, hits } = await answerOne(u);
      if (!llm || offline.status !== "answered" || !hits.length) return offline;
      const shown = hits.slice(0, LLM_CLAUSES);
      return answerWithLlm({
        llm,
        index,
        u,
        shown,
        history: input.history ?? [],
        offline,
        policy: output,
        onError: options.onLlmError,
        ...askOptions(askWith),
      });
    },
  };
  // Every answer, whoever wrote it, is sanitized and capped on its way out.
  return { ...assistant, ask: async (input, askWith) => finalize(await assistant.ask(input, askWith)) };
}
