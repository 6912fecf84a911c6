/**
 * Builds data/replies/replies.jsonl from hand-written.txt (whole messages, used verbatim) and
 * phrases.txt (phrase templates, each expanded into a few variants inside generated frames).
 * Deterministic: a fixed seed, no clock. Run: node --import tsx data/replies/build-corpus.ts
 *
 * Split: 25% test, stratified by label and language. Within each stratum the groups (a
 * hand-written row, or all variants of one phrase) are ordered by the SHA-256 of the group id and
 * taken into test until a quarter of the stratum's rows is reached, so no phrase template has
 * variants on both sides. Rows whose text matches another's after lowercasing and dropping digits
 * are never generated, so no test text is a near-duplicate of a train text.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import {
  type CorpusRow,
  duplicateKey,
  type NewContact,
  parseCorpus,
} from "../../src/assist/classify/corpus-row.js";
import { REPLY_LABELS } from "../../src/assist/model.js";
import { addDays, type CalendarDate, parseCalendarDate } from "../../src/kernel/dates.js";
import { pick, type Random, seededRandom } from "../../src/kernel/random.js";
import { email, quotedThread, whatsapp } from "./corpus-frames.js";
import * as pools from "./corpus-pools.js";
import * as slots from "./corpus-slots.js";
import { type Draft, handWritten, type Phrase, phrases } from "./corpus-sources.js";

type Lang = slots.Lang;

const dir = new URL("./", import.meta.url);
const generatedPerLabel: Record<Lang, number> = { en: 48, es: 40 };
const testShare = 0.25;

type Expanded = Pick<Draft, "promisedOn" | "returnsOn" | "newContact"> & {
  text: string;
  protect: string[];
};

function expand(phrase: Phrase, receivedOn: CalendarDate, rnd: Random): Expanded {
  let text = phrase.template;
  for (let guard = 0; /\{[^{}]*\}/.test(text); guard++) {
    if (guard > 50) throw new Error(`unbalanced braces: ${phrase.template}`);
    text = text.replace(/\{([^{}]*)\}/, (_, options: string) => pick(rnd, options.split("|")));
  }
  const out: Expanded = { text: "", protect: [] };
  const lang = phrase.lang;
  const contact = pools.person(lang, rnd);
  const fullName = rnd.int(10) < 7;
  const contactName = fullName ? `${contact.first} ${contact.last}` : contact.first;
  const named = text.includes("[cname]");
  const found: NewContact = { name: null, email: null, phone: null };
  const colleague = pools.person(lang, rnd);
  const fillSlot = (slot: string): string => {
    switch (slot) {
      case "date":
      case "date0": {
        const d = slots.promiseDate(lang, receivedOn, rnd, slot === "date0");
        out.promisedOn ??= d.on ?? undefined;
        out.protect.push(d.text);
        return d.text;
      }
      case "ret":
      case "ret0": {
        const d = slots.returnDate(lang, receivedOn, rnd, slot === "ret0");
        out.returnsOn ??= d.on ?? undefined;
        out.protect.push(d.text);
        return d.text;
      }
      case "from":
        return slots.fromDate(lang, receivedOn, rnd);
      case "past":
        return slots.pastDate(lang, rnd);
      case "cname":
        found.name = contactName;
        return contactName;
      case "cname2":
        return pools.person(lang, rnd).first.replace(contact.first, "John");
      case "cemail":
        found.email =
          named && rnd.int(2) === 0 ? pools.personEmail(contact, rnd) : pools.roleEmail(lang, rnd);
        return found.email;
      case "cphone":
        found.phone = pools.phone(lang, rnd);
        return found.phone;
      case "colleague":
        return `${colleague.first} ${colleague.last}`;
      case "colleague_email":
        return pools.personEmail(colleague, rnd);
      default: {
        const value = pools.fixedSlot(slot, lang, rnd);
        if (value === undefined) throw new Error(`unknown slot [${slot}] in ${phrase.template}`);
        return value;
      }
    }
  };
  out.text = text
    .replace(/\[(\w+)\]/g, (_, slot: string) => fillSlot(slot))
    .replace(/ {2,}/g, " ")
    .trim();
  if (found.name || found.email || found.phone) {
    out.newContact = found;
    out.protect.push(
      ...[found.name, found.email, found.phone].filter((s): s is string => s !== null),
    );
  }
  return out;
}

function frame(phrase: Phrase, x: Expanded, receivedOn: CalendarDate, rnd: Random): string {
  const lang = phrase.lang;
  const r = rnd.int(100);
  if (phrase.label === "out_of_office") {
    if (r < 50) return x.text;
    return email(x.text, lang, rnd, r >= 80);
  }
  if (r < 38) return whatsapp(x.text, lang, rnd, x.protect, x.newContact !== undefined);
  if (r < 48) return x.text;
  if (r < 74) return email(x.text, lang, rnd, rnd.int(5) > 0);
  if (r < 88)
    return `${email(x.text, lang, rnd, rnd.int(2) > 0)}\n\n${quotedThread(lang, receivedOn, rnd)}`;
  return `${x.text}\n\n${quotedThread(lang, receivedOn, rnd)}`;
}

function generated(seen: Set<string>, rnd: Random): Draft[] {
  const all = phrases();
  const drafts: Draft[] = [];
  for (const label of REPLY_LABELS) {
    for (const lang of ["en", "es"] as const) {
      const section = all.filter((p) => p.label === label && p.lang === lang);
      const target = generatedPerLabel[lang];
      section.forEach((phrase, index) => {
        const count =
          Math.floor(target / section.length) + (index < target % section.length ? 1 : 0);
        for (let made = 0, tries = 0; made < count && tries < 40; tries++) {
          const receivedOn = addDays(parseCalendarDate("2026-01-05"), rnd.int(360));
          const x = expand(phrase, receivedOn, rnd);
          const text = frame(phrase, x, receivedOn, rnd);
          const key = duplicateKey(text);
          if (seen.has(key)) continue;
          seen.add(key);
          const { protect: _, text: __, ...fields } = x;
          drafts.push({
            ...fields,
            text,
            label,
            language: lang,
            origin: "generated",
            receivedOn,
            group: phrase.group,
          });
          made++;
        }
      });
    }
  }
  return drafts;
}

function sha(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** Group-aware stratified split: whole groups, in hash order, until a quarter of the stratum. */
function assignSplits(drafts: Draft[]): Set<string> {
  const testGroups = new Set<string>();
  const strata = new Map<string, Draft[]>();
  for (const d of drafts)
    strata.set(`${d.label}/${d.language}`, [...(strata.get(`${d.label}/${d.language}`) ?? []), d]);
  for (const rows of strata.values()) {
    const sizes = new Map<string, number>();
    for (const r of rows) sizes.set(r.group, (sizes.get(r.group) ?? 0) + 1);
    const target = Math.round(rows.length * testShare);
    let taken = 0;
    for (const group of [...sizes.keys()].sort((a, b) => (sha(a) < sha(b) ? -1 : 1))) {
      const size = sizes.get(group) as number;
      if (taken >= target) break;
      if (taken + size > target + 1) continue;
      testGroups.add(group);
      taken += size;
    }
  }
  return testGroups;
}

/** The corpus file's text, from the two sources; throws if a test text duplicates a train one. */
export function buildCorpusJsonl(): string {
  const hand = handWritten();
  const seen = new Set<string>();
  for (const d of hand) {
    const key = duplicateKey(d.text);
    if (seen.has(key)) throw new Error(`hand-written duplicate: ${d.text}`);
    seen.add(key);
  }
  const drafts = [...hand, ...generated(seen, seededRandom(20261118))];
  const testGroups = assignSplits(drafts);
  const rows: CorpusRow[] = drafts.map((d, i) => ({
    id: `r${String(i + 1).padStart(4, "0")}`,
    text: d.text,
    label: d.label,
    language: d.language,
    ...(d.promisedOn ? { promisedOn: d.promisedOn } : {}),
    ...(d.returnsOn ? { returnsOn: d.returnsOn } : {}),
    ...(d.newContact ? { newContact: d.newContact } : {}),
    split: testGroups.has(d.group) ? "test" : "train",
    origin: d.origin,
    receivedOn: d.receivedOn,
    group: d.group,
  }));
  const trainKeys = new Set(
    rows.filter((r) => r.split === "train").map((r) => duplicateKey(r.text)),
  );
  const leaks = rows.filter((r) => r.split === "test" && trainKeys.has(duplicateKey(r.text)));
  if (leaks.length > 0) {
    throw new Error(`test rows duplicating train rows: ${leaks.map((r) => r.id).join(", ")}`);
  }
  return `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;
}

function main(): void {
  const jsonl = buildCorpusJsonl();
  const rows = parseCorpus(jsonl); // the file we write must read back
  writeFileSync(new URL("replies.jsonl", dir), jsonl);
  const count = (f: (r: CorpusRow) => boolean) => rows.filter(f).length;
  console.log(
    `rows ${rows.length}: en ${count((r) => r.language === "en")}, es ${count((r) => r.language === "es")}, hand ${count((r) => r.origin === "hand")}, test ${count((r) => r.split === "test")}`,
  );
  for (const label of REPLY_LABELS) {
    const n = (lang: string, split: string) =>
      count((r) => r.label === label && r.language === lang && r.split === split);
    console.log(
      `${label.padEnd(20)} en ${n("en", "train")}+${n("en", "test")}  es ${n("es", "train")}+${n("es", "test")}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
