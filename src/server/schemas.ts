import { z } from "zod";

/** Request bodies, validated at the edge; handlers only ever see parsed values. */

export const MAX_MESSAGE_CHARS = 2000;
export const MAX_HISTORY = 20;

const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    // Invisible format characters (zero-width marks, U+2060–U+206F, soft hyphen) count as empty, as cleanInput treats them.
    .refine((s) => s.normalize("NFKC").replace(/[\s\p{Cc}\p{Cf}]/gu, "").length > 0, "must not be empty");

export const HistoryMessage = z.object({
  role: z.enum(["user", "assistant", "system"]),
  content: z.string().max(MAX_MESSAGE_CHARS * 4),
});

export const ChatRequest = z
  .object({
    message: text(MAX_MESSAGE_CHARS),
    history: z.array(HistoryMessage).max(MAX_HISTORY).optional(),
    district: z.string().max(20).optional(),
    /** Which client asked, for the question log: the widget, the operator console, or any other API client. */
    channel: z.enum(["widget", "console", "api"]).optional(),
  })
  .strict();
export type ChatRequest = z.infer<typeof ChatRequest>;

/** Content of an OpenAI message: a string or an array of text parts. */
const OpenAIContent = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()), z.null()]);

export const ChatCompletionRequest = z
  .object({
    model: z.string().optional(),
    messages: z
      .array(z.object({ role: z.enum(["system", "developer", "user", "assistant", "tool"]), content: OpenAIContent.optional() }).loose())
      .min(1)
      .max(MAX_HISTORY + 1),
    stream: z.boolean().optional(),
    district: z.string().max(20).optional(),
  })
  .loose();
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

export function contentText(content: z.infer<typeof OpenAIContent> | undefined): string {
  if (!content) return "";
  if (typeof content === "string") return content;
  return content.map((p) => (p.type === "text" ? (p.text ?? "") : "")).join("");
}
