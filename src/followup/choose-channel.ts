/**
 * Which channel and contact a message goes to. Pure. The customer's preferred channels come
 * first; when none of them can be used (the email bounced, the contact unsubscribed), another
 * channel the step allows is used if the customer has one.
 */
import type { MessageChannel } from "./model.js";
import type { Recipient } from "./store.js";

export type ChannelChoice = { channel: MessageChannel; contactId: string; recipient: string };

export function usableContacts(
  rec: Recipient,
  whatsappEnabled: boolean,
): Map<MessageChannel, ChannelChoice> {
  const out = new Map<MessageChannel, ChannelChoice>();
  for (const c of rec.contacts) {
    if (!out.has("email") && c.email && !c.blocked.includes("email")) {
      out.set("email", { channel: "email", contactId: c.id, recipient: c.email });
    }
    if (
      whatsappEnabled &&
      !out.has("whatsapp") &&
      c.phone &&
      c.whatsappOptIn &&
      !c.blocked.includes("whatsapp")
    ) {
      out.set("whatsapp", { channel: "whatsapp", contactId: c.id, recipient: c.phone });
    }
  }
  return out;
}

export function chooseChannel(
  rec: Recipient,
  allowed: readonly MessageChannel[],
  whatsappEnabled: boolean,
): ChannelChoice | null {
  const usable = usableContacts(rec, whatsappEnabled);
  const preferred = rec.preferredChannels.filter((c): c is MessageChannel =>
    allowed.includes(c as MessageChannel),
  );
  for (const channel of [...preferred, ...allowed]) {
    const choice = usable.get(channel);
    if (choice) return choice;
  }
  return null;
}
