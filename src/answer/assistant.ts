import { BadRequestError } from "../errors.ts";
import type { PolicyIndex } from "../index/store.ts";
import { retrieve } from "../retrieve/pipeline.ts";
import { understand, type HistoryMessage, type Understanding } from "../understand/understand.ts";
import { composeAnswer, notFoundAnswer } from "./compose.ts";
import { DEFAULT_OUTPUT_POLICY, finalizeAnswer, type OutputPolicy } from "./check.ts";
import type { LlmAnswerer } from "./llm.ts";
import { answerWithLlm } from "./llm-answer.ts";
import type { Answer } from "./schema.ts";
import { concepts, DEFAULT_MIN_STRENGTH, matchStrength, outOfScope } from "./scope.ts";
import type { ClauseHit } from "../retrieve/hybrid.ts";

/** The best hit, then only those that match the question on their own (a unit's clauses all count). */
function relevantHits(index: PolicyIndex, u: Understanding, hits: ClauseHit[], minStrength: number, groups: string[][]): ClauseHit[] {
  if (u.intent === "unit" && u.units.length) return hits;
  return hits.filter((h, i) => i === 0 || matchStrength(index, u, h, groups) >= minStrength);
}

export interface AskInput {
  message: string;
  history?: HistoryMessage[];
  /** A covered district to answer from when the question names none (e.g. the widget's page). */
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
  /** What every answer is held to on its way out; the routes apply it again to answers served around ask() (curated). */
  output?: OutputPolicy;
  /** A bare AbortSignal as the second argument still works (it is the options' signal). */
  ask(input: AskInput, options?: AskOptions | AbortSignal): Promise<Answer>;
  understand(input: AskInput): Understanding;
}

export interface AssistantOptions {
  llm?: LlmAnswerer | null;
  minStrength?: number;
  /** Log LLM failures (the answer falls back to the offline one). */
  onLlmError?: (err: unknown) => void;
  /** Length cap and link origins for every answer (src/config.ts `answer`). */
  output?: OutputPolicy;
}

const RETRIEVE_K = 8;
/** How many retrieved clauses the LLM is shown. */
const LLM_CLAUSES = 6;

export function createAssistant(index: PolicyIndex, options: AssistantOptions = {}): Assistant {
  const metas = index.plans.map((p) => p.meta);
  const districts = new Set(metas.map((m) => m.district));
  const llm = options.llm ?? null;
  const output = options.output ?? DEFAULT_OUTPUT_POLICY;

  const interpret = (input: AskInput): Understanding => {
    const u = understand(input.message, input.history ?? [], metas);
    if (input.district && !districts.has(input.district)) {
      throw new BadRequestError(`unknown district "${input.district}"; covered: ${[...districts].join(", ")}`, ["district"]);
    }
    if (input.district && !u.districts.length && !u.otherPlaces.length) return { ...u, districts: [input.district] };
    return u;
  };

  const assistant: Assistant = {
    index,
    llmModel: llm?.model ?? null,
    output,
    understand: interpret,
    async ask(input, askWith) {
      const u = interpret(input);
      const hits = await retrieve(index, u, RETRIEVE_K);
      const minStrength = options.minStrength ?? DEFAULT_MIN_STRENGTH;
      const groups = concepts(index, u);
      const scope = outOfScope(index, u, hits, minStrength, groups);
      if (scope) return notFoundAnswer(index, u, scope);
      const offline = composeAnswer(index, u, relevantHits(index, u, hits, minStrength, groups));
      if (!llm) return offline;
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
  return { ...assistant, ask: async (input, askWith) => finalizeAnswer(await assistant.ask(input, askWith), output) };
}
