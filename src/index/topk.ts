/** The k best (doc, score) pairs of a stream, kept in a min-heap: O(n log k) instead of sorting all n. */
export function topKOf(k: number, each: (push: (doc: number, score: number) => void) => void): { doc: number; score: number }[] {
  const docs = new Int32Array(k);
  const scores = new Float64Array(k);
  let size = 0;
  // Lower score first; on equal scores the higher doc id is "worse", so results are stable by doc id.
  const worse = (i: number, j: number) => scores[i]! < scores[j]! || (scores[i] === scores[j] && docs[i]! > docs[j]!);
  const swap = (i: number, j: number) => {
    [docs[i], docs[j]] = [docs[j]!, docs[i]!];
    [scores[i], scores[j]] = [scores[j]!, scores[i]!];
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(l, m)) m = l;
      if (r < size && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  if (k > 0) {
    each((doc, score) => {
      if (size < k) {
        docs[size] = doc;
        scores[size] = score;
        for (let i = size++; i > 0; ) {
          const p = (i - 1) >> 1;
          if (!worse(i, p)) break;
          swap(i, p);
          i = p;
        }
      } else if (score > scores[0]! || (score === scores[0] && doc < docs[0]!)) {
        docs[0] = doc;
        scores[0] = score;
        down(0);
      }
    });
  }
  const out = Array.from({ length: size }, (_, i) => ({ doc: docs[i]!, score: scores[i]! }));
  return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
}
