import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Assistant, createAssistant } from "../../src/answer/assistant.ts";
import type { Answer } from "../../src/answer/schema.ts";
import type { CuratedAnswers } from "../../src/feedback/curated.ts";
import type { QuestionLog } from "../../src/feedback/log.ts";
import { withQuestionLog } from "../../src/feedback/wrap.ts";
import type { PolicyIndex } from "../../src/index/store.ts";
import { fixtureIndex } from "../helpers/fixture.ts";

const MAX = 120;
let index: PolicyIndex;
let inner: Assistant;
let cleanup = () => {};

beforeAll(async () => {
  ({ index, cleanup } = await fixtureIndex());
  inner = createAssistant(index, { output: { maxChars: MAX, linkOrigins: [] } });
});
afterAll(() => cleanup());

/** The wrapper with a curated answer for questions starting with 策展 (none otherwise) and a log that keeps what it is given. */
function wrapped(curatedText: string) {
  const recorded: { answer: Answer; curatedId: number | null }[] = [];
  const curated = {
    answerFor: (a: Assistant, input: { message: string }) => {
      if (!input.message.startsWith("策展")) return null;
      const citations = [...a.index.clauses.values()].slice(0, 1).map((c) => ({ ...c, planTitle: "", district: "" }));
      return {
        id: 7,
        answer: {
          answer: curatedText,
          status: "answered",
          lang: "zh",
          mode: "curated",
          citations,
          confidence: 1,
          confidenceLevel: "high",
          alternatives: [],
        },
      };
    },
  } as unknown as CuratedAnswers;
  const log = { newAnswerId: () => "a1", record: (r: (typeof recorded)[number]) => recorded.push(r) } as unknown as QuestionLog;
  return { assistant: withQuestionLog(inner, { log, curated }), recorded };
}

describe("the question-log wrapper", () => {
  it("holds a curated answer, served around ask(), to the inner assistant's output policy, and logs what it served", async () => {
    const { assistant, recorded } = wrapped(`<script>x()</script><b>由</b>区科委负责。${"详细说明。".repeat(100)}`);
    const a = await assistant.ask({ message: "策展：电子印章由谁负责？" });
    expect(a.mode).toBe("curated");
    expect(a.answer.startsWith("由区科委负责。")).toBe(true);
    expect(a.answer).not.toMatch(/<|script/);
    expect(a.answer.length).toBeLessThanOrEqual(MAX);
    expect(a.answerId).toBe("a1");
    expect(recorded).toEqual([{ ...recorded[0], answer: a, curatedId: 7 }]);
  });

  it("passes the inner assistant's own answers through, finalized by ask() itself", async () => {
    const { assistant, recorded } = wrapped("unused");
    const a = await assistant.ask({ message: "电子印章公共服务平台由哪个部门负责？" });
    expect(a.mode).toBe("extractive");
    expect(a.answer.length).toBeLessThanOrEqual(MAX);
    expect(a).toEqual({ ...inner.finalize(a), answerId: "a1" });
    expect(recorded[0]!.curatedId).toBeNull();
  });
});
