import type { FailureKind } from "../shared/chat.ts";
import { el, linkedText } from "../shared/dom.ts";
import type { Strings } from "./strings.ts";

/**
 * A failure said as what it is; a setup problem is a note (no retry), anything else gets a retry that asks the same
 * question again, held back with a countdown while Retry-After says to wait.
 */
export function failureBubble(t: Strings, kind: FailureKind, retry: (() => void) | null, retryAfter: number | null = null): HTMLElement {
  const setup = kind === "origin" || kind === "district";
  const bubble = el(
    "div",
    { class: `msg bot ${setup ? "setup" : "error"}`, "data-failure": kind, "aria-busy": "false" },
    el("span", { class: "text" }, linkedText(t.failure[kind])),
  );
  if (!retry || setup || kind === "bad_request") return bubble;
  const button = el("button", { type: "button", class: "act retry" }, t.retry);
  button.addEventListener("click", () => {
    bubble.remove();
    retry();
  });
  bubble.append(el("div", { class: "actions" }, button));
  if (retryAfter && retryAfter > 0) {
    let left = Math.ceil(retryAfter);
    button.disabled = true;
    button.textContent = t.retryIn(left);
    const tick = setInterval(() => {
      left--;
      if (left > 0) button.textContent = t.retryIn(left);
      else {
        clearInterval(tick);
        button.disabled = false;
        button.textContent = t.retry;
      }
    }, 1000);
  }
  return bubble;
}
