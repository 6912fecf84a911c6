// `npm run eval`: the assist layer's quality on held-out and labelled data, for the built-in
// provider and, when CASHLOOP_ASSIST_PROVIDER names one, a remote provider too.
import { builtinProvider } from "../src/assist/builtin-provider.js";
import type { AssistProvider } from "../src/assist/model.js";
import { anthropicProvider } from "../src/assist/providers/anthropic-provider.js";
import { providerConfigFromEnv } from "../src/assist/providers/config.js";
import { openaiProvider } from "../src/assist/providers/openai-provider.js";
import { monotonicMs } from "../src/kernel/clock.js";
import { printDraftingEval } from "./drafting.js";
import { printEvidenceEval } from "./evidence-extraction.js";
import { printProviderClassification, printProviderExtraction } from "./remote-provider.js";
import { printReplyEval } from "./reply-classifier.js";

function remoteProvider(): AssistProvider | null {
  const config = providerConfigFromEnv(process.env);
  const hooks = { nowMs: monotonicMs };
  if (config.kind === "openai") return openaiProvider(config, hooks);
  if (config.kind === "anthropic") return anthropicProvider(config, hooks);
  return null;
}

process.stdout.write("== reply classification (built-in, held-out split)\n");
printReplyEval();
process.stdout.write("\n== payment evidence extraction (built-in, labelled set)\n");
printEvidenceEval();
process.stdout.write("\n== drafting\n");
await printDraftingEval(builtinProvider());
const remote = remoteProvider();
if (remote) {
  process.stdout.write(`\n== ${remote.name} (first 60 cases of each set)\n`);
  await printProviderClassification(remote, 60);
  await printProviderExtraction(remote, 60);
  await printDraftingEval(remote, 60);
} else {
  process.stdout.write(
    "\n(no remote provider configured: set CASHLOOP_ASSIST_PROVIDER=openai|anthropic and its variables to evaluate one)\n",
  );
}
