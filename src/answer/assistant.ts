import { BadRequestError } from "../errors.ts";
import { questionConcepts } from "../retrieve/concepts.ts";
import { prepareEnglish } from "../retrieve/english.ts";
import { warmUp } from "../retrieve/pipeline.ts";
import { type ClauseStore, type EvidencedHit, inProcessStore, type PolicyIndex } from "../retrieve/retriever.ts";
import { documentQuestion } from "../understand/document.ts";
import { resolveDistrict } from "../understand/lexicon.ts";
import { smalltalkKind } from "../understand/smalltalk.ts";
import { type HistoryMessage, type Understanding, understand } from "../understand/understand.ts";
import { briefReference, citationOf } from "./cite.ts";
import { answerConfidence, levelOf } from "./confidence.ts";
import { type IntentPolicy, intentOf } from "./intents.ts";
import { composeAnswer, coveredDistricts, notFoundAnswer, script } from "./compose.ts";
import { documentAnswer } from "./document.ts";
import { askedFact, statesFact } from "./facts.ts";
import { DEFAULT_OUTPUT_POLICY, finalizeAnswer, type OutputPolicy } from "./check.ts";
import type { LlmAnswerer } from "./llm.ts";
import { answerWithLlm } from "./llm-answer.ts";
import { MESSAGES } from "./messages.ts";
import { splitQuestion } from "./multipart.ts";
import { numberedAnswer } from "./numbered.ts";
import type { Answer } from "./schema.ts";
import { absentPlanYear, DEFAULT_MIN_STRENGTH, matchStrength, outOfScope } from "./scope.ts";

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
  const llm = options.llm ?? null;
  const minStrength = options.minStrength ?? DEFAULT_MIN_STRENGTH;
  const documentNames = [
    ...metas.flatMap((m) => [
      m.title,
      m.city ? m.title.replace(m.city, "") : m.title,
      m.titleEn ?? "",
      m.city ?? "",
      m.city?.replace(/市$/, "") ?? "",
    ]),
    ...metas.flatMap((m) => [
      m.district,
      m.district.replace(/[区县市]$/, ""),
      m.districtEn ?? "",
      m.districtEn?.replace(/\s+District$/i, "") ?? "",
    ]),
  ].filter((n) => n.length >= 2);

  const store = options.store ?? inProcessStore(index);
  // The general vocabulary and the corpus's word sounds are built on the first question that needs them,
  // not here: building them at start-up blocked the event loop past /readyz's budget on a large corpus.
  if (options.warm === "background") void prepareEnglish(index);
  else if (options.warm) warmUp(index);

  const interpret = (input: AskInput, message = input.message, history = input.history ?? []): Understanding => {
    const u = understand(message, history, metas);
    if (input.district === undefined || input.district.trim() === "") return u;
    const district = resolveDistrict(input.district, metas);
    if (!district) throw new BadRequestError(`unknown district "${input.district}"; covered: ${districts.join(", ")}`, ["district"]);
    if (!u.districts.length && !u.otherPlaces.length) return { ...u, districts: [district] };
    return u;
  };

  /** One question (or one part of a multi-part question), offline. */
  async function answerOne(u: Understanding): Promise<{ answer: Answer; hits: EvidencedHit[] }> {
    const plans = index.plans.filter((p) => !u.districts.length || u.districts.includes(p.meta.district));
    // A plan of a year none of the plans in scope is: what it says is not in the corpus.
    if (
      absentPlanYear(
        u.question,
        plans.map((p) => p.meta),
      ) !== null
    )
      return { answer: notFoundAnswer(index, u, { reason: "no_match", confidence: 0.9 }), hits: [] };
    const doc = documentQuestion(u.question, u.lang, documentNames);
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
    const hits = await store.search(u, { k: RETRIEVE_K, strategy: intent.retrieval });
    const scope = outOfScope(u, hits, intent.refusal ? minStrength : 0);
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
    if (fact) {
      const stating = ranked.filter((h) => statesFact(fact, h.clause.text, u.question));
      if (!stating.length) {
        const nearest = citationOf(index, ranked[0]!.clause);
        return { answer: notFoundAnswer(index, u, { reason: "weak_match", unstated: { fact, nearest }, confidence: 0.7 }), hits };
      }
      ranked = [...stating, ...ranked.filter((h) => !stating.includes(h))];
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
      if (continues) merged[merged.length - 1] += part;
      else merged.push(part);
    }
    if (merged.length === 1) return (await answerOne(interpret(input, merged[0]!))).answer;
    parts = merged;
    const answers: Answer[] = [];
    let previous: HistoryMessage[] = input.history ?? [];
    for (const part of parts) {
      let u = interpret(input, part, previous);
      if (!u.districts.length && whole.districts.length && !u.otherPlaces.length) u = { ...u, districts: whole.districts };
      answers.push((await answerOne(u)).answer);
      previous = [...previous, { role: "user", content: part }];
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

  const output = options.output ?? DEFAULT_OUTPUT_POLICY;
  const finalize = (answer: Answer) => finalizeAnswer(answer, output);
  const assistant: Assistant = {
    index,
    llmModel: llm?.model ?? null,
    finalize,
    understand: (input) => interpret(input),
    async ask(input, askWith) {
      const u = interpret(input);
      const talk = smalltalkKind(u.question);
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
      const parts = splitQuestion(input.message);
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
