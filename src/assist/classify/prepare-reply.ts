/**
 * What the model reads of a reply: the customer's own lines (no quoted thread, no signature),
 * with injected instructions and pure politeness blanked out ("Thanks for the reminder." says
 * nothing about the invoice). Blanking keeps offsets, so spans still index the original text.
 * Politeness stays when it is all the reply says ("Thanks!" is an `other`). Pure.
 */
import { maskInjections } from "./injection.js";
import { type OwnText, ownText, pleasantryClauses, type Span } from "./strip-reply.js";

export type PreparedReply = {
  /** The input with injections and politeness replaced by spaces: same length. */
  masked: string;
  own: OwnText;
  injections: Span[];
};

function blank(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const s of spans) {
    out =
      out.slice(0, s.start) + text.slice(s.start, s.end).replace(/[^\n]/g, " ") + out.slice(s.end);
  }
  return out;
}

export function prepareReply(text: string): PreparedReply {
  const { masked, injections } = maskInjections(text);
  const own = ownText(masked);
  const polite = pleasantryClauses(masked, own);
  if (polite.length === 0) return { masked, own, injections };
  const quieter = blank(masked, polite);
  const rest = ownText(quieter);
  if (!/\p{L}/u.test(rest.text)) return { masked, own, injections };
  return { masked: quieter, own: rest, injections };
}
