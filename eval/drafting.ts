/**
 * Drafting evaluation: for every combination of tone inputs, step, channel and language, a draft
 * from the provider is fact- and tone-checked; prints the pass rate and the rejected drafts.
 */
import { checkFacts, checkTone } from "../src/assist/draft/fact-check.js";
import { sampleFacts } from "../src/assist/draft/sample-facts.js";
import { type AssistProvider, DRAFT_STEPS, type FactSheet } from "../src/assist/model.js";

export function draftingCases(): FactSheet[] {
  const cases: FactSheet[] = [];
  for (const step of DRAFT_STEPS)
    for (const channel of ["email", "whatsapp"] as const)
      for (const language of ["en", "es"] as const)
        for (const segment of ["corporate", "small_business", "individual"] as const)
          for (const relationship of ["new", "recurring"] as const)
            for (const payerHistory of ["punctual", "late"] as const)
              cases.push(
                sampleFacts({ step, channel, language, segment, relationship, payerHistory }),
              );
  return cases;
}

export async function evaluateDrafting(provider: AssistProvider, limit = Number.POSITIVE_INFINITY) {
  const cases = draftingCases().slice(0, limit);
  const rejected: { facts: FactSheet; offending: string[] }[] = [];
  for (const facts of cases) {
    try {
      const draft = await provider.draft(facts);
      const f = checkFacts(draft, facts);
      const t = checkTone(draft, facts);
      if (!f.ok || !t.ok) rejected.push({ facts, offending: [...f.offending, ...t.problems] });
    } catch (error) {
      rejected.push({ facts, offending: [`call failed: ${(error as Error).message}`] });
    }
  }
  return {
    drafts: cases.length,
    rejected: rejected.length,
    passRate: 1 - rejected.length / cases.length,
    examples: rejected.slice(0, 5),
  };
}

export async function printDraftingEval(provider: AssistProvider, limit?: number): Promise<void> {
  const r = await evaluateDrafting(provider, limit);
  process.stdout.write(
    `drafting (${provider.name}): ${r.drafts} drafts, ${r.rejected} rejected, fact-check pass rate ${(r.passRate * 100).toFixed(1)}%\n`,
  );
  for (const e of r.examples)
    process.stdout.write(
      `  rejected ${e.facts.language}/${e.facts.channel}/${e.facts.step}: ${e.offending.join("; ")}\n`,
    );
}
