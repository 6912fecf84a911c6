import { builtinReplyModel } from "./classify/builtin-reply-model.js";
import { classifyReply } from "./classify/classify-reply.js";
import { renderTemplate } from "./draft/templates.js";
import { extractPaymentEvidence } from "./extract/payment-evidence.js";
import type { AssistProvider } from "./model.js";

/**
 * The default provider: offline and deterministic — templates for drafting, the committed reply
 * classifier, rule-based extractors. No network, no model weights downloaded.
 */
export function builtinProvider(): AssistProvider {
  return {
    name: "builtin",
    draft: async (facts) => renderTemplate(facts),
    classify: async ({ text, today }) => classifyReply(builtinReplyModel, text, today),
    extractEvidence: async ({ text }) => extractPaymentEvidence(text),
  };
}
