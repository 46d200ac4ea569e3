import { randomUUID } from "node:crypto";
import { Router } from "express";
import type { Answer } from "../../answer/schema.ts";
import type { HistoryMessage } from "../../understand/understand.ts";
import { BadRequestError } from "../../errors.ts";
import { openAIError, toHttpError } from "../errors.ts";
import { ChatCompletionRequest, ChatRequest, contentText } from "../schemas.ts";
import { abortOnClose, openEventStream, textDeltas } from "../sse.ts";
import type { AppState } from "../app.ts";

/** The model name this server answers as; any OpenAI client or chat UI can select it. */
export const MODEL_ID = "policy-assistant";

/** Extra fields ride along in the response so clients that know them get the citations. */
function extras(answer: Answer) {
  return {
    citations: answer.citations,
    policy_assistant: { status: answer.status, lang: answer.lang, mode: answer.mode, answer_id: answer.answerId },
  };
}

export function openAIRoutes(state: AppState): Router {
  const router = Router();

  router.get("/v1/models", (_req, res) => {
    res.json({ object: "list", data: [{ id: MODEL_ID, object: "model", created: 0, owned_by: "policy-assistant" }] });
  });

  router.post("/v1/chat/completions", async (req, res) => {
    const body = ChatCompletionRequest.parse(req.body);
    const turns = body.messages.filter((m) => m.role === "user" || m.role === "assistant");
    const last = turns.at(-1);
    if (!last || last.role !== "user") throw new BadRequestError("the last message must come from the user", ["messages"]);
    const message = contentText(last.content);
    const history: HistoryMessage[] = turns
      .slice(0, -1)
      .map((m) => ({ role: m.role as "user" | "assistant", content: contentText(m.content) }));
    // The same rules as /api/chat, reported at the message's place in `messages`.
    const parsed = ChatRequest.safeParse({ message, history, district: body.district });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path[0] === "message" ? ["messages", body.messages.length - 1, "content"] : issue.path.map(String);
      throw new BadRequestError(`${path.join(".")}: ${issue.message}`, path);
    }
    const input = { ...parsed.data, channel: "api" as const, clientIp: req.ip };

    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const assistant = state.assistant();

    if (!body.stream) {
      const signal = abortOnClose(res);
      let answer: Answer;
      try {
        answer = await assistant.ask(input, { signal });
      } catch (err) {
        // The client went away: the answer (and its LLM request) was cancelled and nobody is listening.
        if (signal.aborted) return;
        throw err;
      }
      res.json({
        id,
        object: "chat.completion",
        created,
        model: MODEL_ID,
        choices: [{ index: 0, message: { role: "assistant", content: answer.answer }, finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        ...withFallback(extras(answer), answer),
      });
      return;
    }

    // Input the assistant rejects (an uncovered district) is a plain 400, not an error chunk in a 200 stream.
    assistant.understand(input);
    const stream = openEventStream(req, res);
    const chunk = (delta: Record<string, unknown>, finish: string | null, more: object = {}) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model: MODEL_ID,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...more,
    });
    // An OpenAI client cannot take back text it has shown, so the model's text is not streamed as it is
    // written: the answer is checked first (and replaced by the offline one if it fails), then streamed.
    // The role chunk goes out at once so the client knows the answer is on its way.
    stream.send(null, chunk({ role: "assistant", content: "" }, null));
    try {
      const answer = await assistant.ask(input, { signal: stream.signal });
      for (const text of textDeltas(answer.answer)) {
        if (stream.signal.aborted) return;
        stream.send(null, chunk({ content: text }, null));
      }
      stream.send(null, chunk({}, "stop", withFallback(extras(answer), answer)));
      stream.send(null, "[DONE]");
    } catch (err) {
      if (!stream.signal.aborted) stream.send(null, openAIError(toHttpError(err)));
    } finally {
      stream.end();
    }
  });

  return router;
}

/** Why the offline answer was served instead of the model's (`fallback`), for clients that want to know. */
function withFallback<T extends { policy_assistant: object }>(more: T, answer: Answer): T {
  return answer.fallback ? { ...more, policy_assistant: { ...more.policy_assistant, fallback: answer.fallback } } : more;
}
