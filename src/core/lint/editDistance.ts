// Levenshtein distance and "did you mean" lookup, for misspelled keys and service names.

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = saved;
    }
  }
  return previous[b.length];
}

/** The closest candidate, if it is close enough to be a plausible slip (about a third of the word). */
export function closest(word: string, candidates: Iterable<string>, caseInsensitive = true): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.ceil(word.length / 3));
  for (const candidate of candidates) {
    // Lengths further apart than the limit cannot be within it; skip the quadratic work.
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = caseInsensitive ? editDistance(word.toLowerCase(), candidate.toLowerCase()) : editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
