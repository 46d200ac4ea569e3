/** The same argument seen again (a suggested question, a busy hour's topic, a client's address) is worked out once. */
const MEMO_ENTRIES = 2_000;

/** `fn` remembered for its last distinct arguments (at most `size`; forgotten all at once when full). */
export function memo<A, R>(fn: (a: A) => R, size = MEMO_ENTRIES): (a: A) => R {
  const seen = new Map<A, R>();
  return (a) => {
    let r = seen.get(a);
    if (r === undefined) {
      if (seen.size >= size) seen.clear();
      r = fn(a);
      seen.set(a, r);
    }
    return r;
  };
}
