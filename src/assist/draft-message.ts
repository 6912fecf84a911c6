import { createHash } from "node:crypto";
import { audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import { checkFacts, checkTone } from "./draft/fact-check.js";
import { renderTemplate } from "./draft/templates.js";
import type { AssistProvider, DraftText, FactSheet } from "./model.js";

export type DraftOutcome = DraftText & {
  /** Who wrote the words that are used: the provider's name, or "builtin" after a rejection. */
  provider: string;
  factCheck: { ok: boolean; offending: string[]; toneProblems: string[] };
  /** True when the provider's draft was rejected (or failed) and the built-in template is used. */
  fellBack: boolean;
};

/**
 * Words for a message from a fact sheet. The provider proposes; every number, date, amount,
 * invoice number and link in its draft must be one of the facts, and the tone rules must hold —
 * otherwise the built-in template is used and the rejection is written to the audit log with the
 * offending text. Every model call is audited: purpose, model, inputs' hash, output, verdict.
 */
export async function draftMessage(
  deps: { db: Queryable; clock: Clock; ids: Ids; provider: AssistProvider },
  input: { orgId: string; subjectId: string; facts: FactSheet },
): Promise<DraftOutcome> {
  const { facts } = input;
  let proposed: DraftText | null = null;
  let failure: string | null = null;
  try {
    proposed = await deps.provider.draft(facts);
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  const verdict = proposed
    ? { facts: checkFacts(proposed, facts), tone: checkTone(proposed, facts) }
    : null;
  const accepted = proposed && verdict?.facts.ok && verdict.tone.ok;
  const used = accepted && proposed ? proposed : renderTemplate(facts);
  const offending = verdict?.facts.offending ?? [];
  const toneProblems = verdict?.tone.problems ?? [];
  if (deps.provider.name !== "builtin") {
    await audit(deps.db, deps.ids, {
      orgId: input.orgId,
      actor: { kind: "model", id: deps.provider.name },
      action: accepted ? "assist.draft_accepted" : "assist.draft_rejected",
      subjectId: input.subjectId,
      before: null,
      after: {
        purpose: "draft",
        inputHash: createHash("sha256").update(JSON.stringify(facts)).digest("hex"),
        output: proposed,
        failure,
        offending,
        toneProblems,
      },
      at: deps.clock.now(),
    });
  }
  return {
    ...used,
    provider: accepted ? deps.provider.name : "builtin",
    factCheck: {
      ok: offending.length === 0 && toneProblems.length === 0 && failure === null,
      offending,
      toneProblems,
    },
    fellBack: !accepted && deps.provider.name !== "builtin",
  };
}
