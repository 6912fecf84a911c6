/**
 * How alike a bank line's payer name is to a customer's legal name. Bank exports upper-case,
 * cut, drop accents and legal forms, and reorder words; a score here ignores all of that and
 * still tells "Harbor Construction" from "Harbor Home Health". Pure.
 */

/** Letters that do not fold to a base letter by removing accents. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: "ss",
  ẞ: "ss",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ø: "o",
  Ø: "o",
  ł: "l",
  Ł: "l",
  đ: "d",
  Đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

/**
 * Legal forms and the words that come with them, as normalised words (dots and spaces inside
 * them gone: "S.A. de C.V." is "sa de cv", "L.L.C." is "llc"). Removed from the end of a name,
 * again and again ("Pérez y Cía Ltda" → "perez").
 */
const LEGAL_FORMS: readonly (readonly string[])[] = [
  "s de rl de cv",
  "sapi de cv",
  "sab de cv",
  "sa de cv",
  "sa de rl",
  "s de rl",
  "de cv",
  "sa",
  "sl",
  "slu",
  "sll",
  "sas",
  "sc",
  "sau",
  "sae",
  "spa",
  "llc",
  "inc",
  "incorporated",
  "corp",
  "corporation",
  "co",
  "company",
  "and co",
  "and company",
  "y cia",
  "cia",
  "ltd",
  "limited",
  "pty ltd",
  "pty",
  "plc",
  "llp",
  "lp",
  "gmbh and co kg",
  "gmbh co kg",
  "gmbh",
  "ag",
  "kg",
  "kgaa",
  "ohg",
  "gbr",
  "ug",
  "ek",
  "ev",
  "bv",
  "nv",
  "sarl",
  "srl",
  "ltda",
  "kk",
  "kabushiki kaisha",
  "oy",
  "oyj",
  "ab",
  "as",
  "asa",
  "aps",
  "sp zoo",
].map((form) => form.split(" "));

/** A name is read up to this many words of up to this many letters: the work stays bounded. */
const MAX_WORDS = 24;
const MAX_WORD_CHARS = 40;

/** Folds accents and special letters, lower-cases: "Müller Straße" → "muller strasse". */
function fold(text: string): string {
  // Lower case before and after decomposing: "İ" lower-cases to "i" plus a combining dot, and
  // "𝐀" decomposes to "A".
  const decomposed = replaceSpecial(text)
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  return replaceSpecial(decomposed);
}

function replaceSpecial(text: string): string {
  let out = "";
  for (const ch of text) out += SPECIAL_LETTERS[ch] ?? ch;
  return out;
}

function endsWith(words: readonly string[], tail: readonly string[]): boolean {
  if (tail.length > words.length) return false;
  const offset = words.length - tail.length;
  return tail.every((word, i) => words[offset + i] === word);
}

/**
 * A name as compared: accents folded, lower case, punctuation as spaces, runs of single letters
 * joined ("S. A." → "sa"), legal forms removed from the end (never the whole name), a leading
 * "the" removed, whitespace collapsed; at most 24 words of at most 40 letters are kept. "Comercial Azteca S.A. de C.V." → "comercial azteca".
 */
export function normaliseName(name: string): string {
  const spaced = fold(name)
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  const words: string[] = [];
  // "s a" → "sa", "l l c" → "llc", "j p morgan" → "jp morgan": runs of single letters join.
  let lastIsInitials = false;
  for (const word of spaced.split(" ")) {
    if (word === "") continue;
    const initial = word.length === 1 && /\p{L}/u.test(word);
    if (initial && lastIsInitials) {
      words[words.length - 1] += word;
      continue;
    }
    words.push(word.slice(0, MAX_WORD_CHARS));
    lastIsInitials = initial;
  }
  words.length = Math.min(words.length, MAX_WORDS);
  while (words[0] === "the" && words.length > 1) words.shift();
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const form of LEGAL_FORMS) {
      if (words.length > form.length && endsWith(words, form)) {
        words.length -= form.length;
        stripped = true;
        break;
      }
    }
  }
  return words.join(" ");
}

/** Character trigrams of each word, padded with a space at both ends (order-independent). */
function trigrams(words: readonly string[]): Set<string> {
  const grams = new Set<string>();
  for (const word of words) {
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size + b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Edit distance with adjacent transpositions (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** Below this, two different words count as unrelated. */
const WORD_TYPO_MIN = 0.75;

/**
 * How alike two words are: 1 when equal; an abbreviation ("constr" of "construction", at least
 * 3 letters) 0.6–1 by how much it keeps; a typo by edit distance; otherwise 0.
 */
function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return 0.6 + (0.4 * short.length) / long.length;
  // A typo score below WORD_TYPO_MIN is certain when the lengths differ this much.
  if (short.length < 4 || short.length < long.length * WORD_TYPO_MIN) return 0;
  const typo = 1 - editDistance(a, b) / long.length;
  return typo >= WORD_TYPO_MIN ? typo : 0;
}

/**
 * Word overlap weighted by word length, so long distinctive words count more than short ones:
 * each word pairs with at most one word of the other name (best pairs first), and the score is
 * Σ similarity × (both lengths) ÷ (all letters of both names). Word order does not matter.
 */
function wordOverlap(a: readonly string[], b: readonly string[]): number {
  const total = [...a, ...b].reduce((sum, word) => sum + word.length, 0);
  if (total === 0) return 0;
  const pairs: { i: number; j: number; score: number }[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const score = wordSimilarity(a[i]!, b[j]!);
      if (score > 0) pairs.push({ i, j, score });
    }
  }
  pairs.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let matched = 0;
  for (const { i, j, score } of pairs) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    matched += score * (a[i]!.length + b[j]!.length);
  }
  return matched / total;
}

/** Weight of word overlap in the score; the rest is character trigram similarity. */
const WORD_WEIGHT = 0.6;

/** A normalised name made ready for comparing many times: its words and trigrams kept. */
export type PreparedName = { text: string; words: string[]; grams: Set<string> };

export function prepareName(normalised: string): PreparedName {
  const words = normalised === "" ? [] : normalised.split(" ");
  return { text: normalised, words, grams: trigrams(words) };
}

/**
 * 0..1: how alike two names are once normalised — word overlap (word order and a missing word
 * matter little) combined with character trigrams (a typo matters little). 1 when the
 * normalised names are equal, 0 when either is empty and the other is not. Symmetric.
 */
export function nameSimilarity(a: string, b: string): number {
  return preparedSimilarity(prepareName(normaliseName(a)), prepareName(normaliseName(b)));
}

/** `nameSimilarity` of two prepared names (the matcher's index keeps customers' names so). */
export function preparedSimilarity(a: PreparedName, b: PreparedName): number {
  if (a.text === b.text) return 1;
  if (a.text === "" || b.text === "") return 0;
  // Compare in one fixed order, so the score cannot depend on which name came first.
  const [x, y] = a.text < b.text ? [a, b] : [b, a];
  const score =
    WORD_WEIGHT * wordOverlap(x.words, y.words) + (1 - WORD_WEIGHT) * dice(x.grams, y.grams);
  return Math.min(1, Math.max(0, score));
}
