/**
 * The same held-out and labelled sets, through any AssistProvider (a configured remote model):
 * reply classification accuracy and macro-F1, and evidence field accuracy. A failed call counts
 * as a wrong answer (label "other", empty fields).
 */
import { scoreClassifier } from "../src/assist/classify/metrics.js";
import { readReplyCorpus } from "../src/assist/classify/reply-corpus.js";
import { type AssistProvider, type EvidenceExtraction, REPLY_LABELS } from "../src/assist/model.js";
import { evidenceFields, fieldMatches, loadEvidenceCases } from "./evidence-extraction.js";

export async function printProviderClassification(
  provider: AssistProvider,
  limit: number,
): Promise<void> {
  const rows = readReplyCorpus()
    .rows.filter((r) => r.split === "test")
    .slice(0, limit);
  const predicted: string[] = [];
  for (const row of rows) {
    try {
      predicted.push((await provider.classify({ text: row.text, today: row.receivedOn })).label);
    } catch {
      predicted.push("other");
    }
  }
  const s = scoreClassifier(
    REPLY_LABELS,
    rows.map((r) => r.label),
    predicted,
  );
  process.stdout.write(
    `reply classification (${provider.name}, ${rows.length} held-out replies): accuracy ${(s.accuracy * 100).toFixed(1)}%, macro-F1 ${s.macroF1.toFixed(3)}\n`,
  );
}

export async function printProviderExtraction(
  provider: AssistProvider,
  limit: number,
): Promise<void> {
  const cases = loadEvidenceCases().slice(0, limit);
  let correct = 0;
  for (const c of cases) {
    let got: EvidenceExtraction | null = null;
    try {
      got = await provider.extractEvidence({ text: c.text });
    } catch {
      got = null;
    }
    for (const field of evidenceFields) {
      if (got && fieldMatches(field, c.expected[field], got[field].value)) correct++;
    }
  }
  const total = cases.length * evidenceFields.length;
  process.stdout.write(
    `evidence extraction (${provider.name}, ${cases.length} texts): ${correct}/${total} fields, ${((correct / total) * 100).toFixed(1)}%\n`,
  );
}
