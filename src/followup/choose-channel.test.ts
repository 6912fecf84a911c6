import { describe, expect, it } from "vitest";
import { chooseChannel, usableContacts } from "./choose-channel.js";
import type { MessageChannel } from "./model.js";
import type { Recipient } from "./store.js";

type Contact = Recipient["contacts"][number];

function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: "ct_billing",
    role: "billing",
    email: "ap@acme.example",
    phone: "+5215512345678",
    whatsappOptIn: true,
    blocked: [],
    ...overrides,
  };
}

function recipient(contacts: Contact[], preferredChannels: string[] = []): Recipient {
  return {
    customerId: "cus_1",
    timeZone: "America/Mexico_City",
    segment: "small_business",
    preferredChannels,
    contacts,
  };
}

const both: MessageChannel[] = ["email", "whatsapp"];

describe("chooseChannel: preferences", () => {
  it("uses the customer's preferred channel first", () => {
    expect(chooseChannel(recipient([contact()], ["whatsapp"]), both, true)).toEqual({
      channel: "whatsapp",
      contactId: "ct_billing",
      recipient: "+5215512345678",
    });
    expect(chooseChannel(recipient([contact()], ["email"]), both, true)).toEqual({
      channel: "email",
      contactId: "ct_billing",
      recipient: "ap@acme.example",
    });
  });

  it("without preferences, follows the step's channel order", () => {
    expect(chooseChannel(recipient([contact()]), both, true)?.channel).toBe("email");
    expect(chooseChannel(recipient([contact()]), ["whatsapp", "email"], true)?.channel).toBe(
      "whatsapp",
    );
  });

  it("a preferred channel the step does not allow is not used", () => {
    const rec = recipient([contact()], ["whatsapp"]);
    expect(chooseChannel(rec, ["email"], true)?.channel).toBe("email");
  });

  it("ignores preferences for channels cashloop does not have", () => {
    const rec = recipient([contact()], ["sms", "fax", "whatsapp"]);
    expect(chooseChannel(rec, both, true)?.channel).toBe("whatsapp");
    expect(chooseChannel(recipient([contact()], ["sms"]), both, true)?.channel).toBe("email");
  });

  it("a customer preferring WhatsApp gets email when WhatsApp is not enabled for the organisation", () => {
    const rec = recipient([contact()], ["whatsapp"]);
    expect(chooseChannel(rec, both, false)).toEqual({
      channel: "email",
      contactId: "ct_billing",
      recipient: "ap@acme.example",
    });
  });

  it("a customer preferring WhatsApp without having opted in gets email", () => {
    const rec = recipient([contact({ whatsappOptIn: false })], ["whatsapp"]);
    expect(chooseChannel(rec, both, true)?.channel).toBe("email");
  });
});

describe("chooseChannel: fallback when blocked", () => {
  it("email bounced → WhatsApp when the contact opted in and WhatsApp is enabled", () => {
    const rec = recipient([contact({ blocked: ["email"] })], ["email"]);
    expect(chooseChannel(rec, both, true)).toEqual({
      channel: "whatsapp",
      contactId: "ct_billing",
      recipient: "+5215512345678",
    });
  });

  it("email bounced and no WhatsApp opt-in → no channel", () => {
    const rec = recipient([contact({ blocked: ["email"], whatsappOptIn: false })], ["email"]);
    expect(chooseChannel(rec, both, true)).toBeNull();
  });

  it("email bounced and WhatsApp not enabled → no channel", () => {
    const rec = recipient([contact({ blocked: ["email"] })], ["email"]);
    expect(chooseChannel(rec, both, false)).toBeNull();
  });

  it("email bounced and the step allows only email → no channel", () => {
    const rec = recipient([contact({ blocked: ["email"] })], ["email"]);
    expect(chooseChannel(rec, ["email"], true)).toBeNull();
  });

  it("unsubscribed from WhatsApp → email, even when WhatsApp is preferred", () => {
    const rec = recipient([contact({ blocked: ["whatsapp"] })], ["whatsapp"]);
    expect(chooseChannel(rec, both, true)?.channel).toBe("email");
  });

  it("both channels blocked → no channel", () => {
    const rec = recipient([contact({ blocked: ["email", "whatsapp"] })], ["email", "whatsapp"]);
    expect(chooseChannel(rec, both, true)).toBeNull();
  });

  it("a bounced billing address falls to another contact's email before switching channel", () => {
    const rec = recipient(
      [
        contact({ blocked: ["email"] }),
        contact({ id: "ct_owner", role: "primary", email: "owner@acme.example", phone: null }),
      ],
      ["email"],
    );
    expect(chooseChannel(rec, both, true)).toEqual({
      channel: "email",
      contactId: "ct_owner",
      recipient: "owner@acme.example",
    });
  });

  it("no contacts, or contacts without address or phone → no channel", () => {
    expect(chooseChannel(recipient([]), both, true)).toBeNull();
    expect(
      chooseChannel(recipient([contact({ email: null, phone: null })]), both, true),
    ).toBeNull();
    // A phone without an email, opted in, but WhatsApp off.
    expect(chooseChannel(recipient([contact({ email: null })]), both, false)).toBeNull();
  });

  it("a step that allows no channel sends nothing", () => {
    expect(chooseChannel(recipient([contact()], ["email"]), [], true)).toBeNull();
  });
});

describe("usableContacts", () => {
  it("takes the first usable contact per channel, in the given order (billing first)", () => {
    const usable = usableContacts(
      recipient([
        contact({ id: "ct_billing", phone: null }),
        contact({ id: "ct_primary", email: "boss@acme.example", phone: "+34600000000" }),
        contact({ id: "ct_other", email: "other@acme.example", phone: "+34600000001" }),
      ]),
      true,
    );
    expect(usable.get("email")).toEqual({
      channel: "email",
      contactId: "ct_billing",
      recipient: "ap@acme.example",
    });
    expect(usable.get("whatsapp")).toEqual({
      channel: "whatsapp",
      contactId: "ct_primary",
      recipient: "+34600000000",
    });
  });

  it("offers no WhatsApp when it is disabled, not opted in, or blocked", () => {
    expect(usableContacts(recipient([contact()]), false).has("whatsapp")).toBe(false);
    expect(
      usableContacts(recipient([contact({ whatsappOptIn: false })]), true).has("whatsapp"),
    ).toBe(false);
    expect(
      usableContacts(recipient([contact({ blocked: ["whatsapp"] })]), true).has("whatsapp"),
    ).toBe(false);
    expect(usableContacts(recipient([contact()]), true).has("whatsapp")).toBe(true);
  });

  it("an empty email address is not an address", () => {
    expect(usableContacts(recipient([contact({ email: "" })]), false).has("email")).toBe(false);
  });
});
