/** Demo customers and their contacts: names, places, terms, channels and payer profiles. */
import type { CurrencyCode } from "../kernel/money.js";
import type { Random } from "../kernel/random.js";
import { pick } from "../kernel/random.js";
import {
  type Channel,
  type ContactInput,
  type CustomerInput,
  PAYER_PROFILES,
  type PayerProfile,
  type PaymentTerms,
  type Segment,
} from "../sources/model.js";
import { companyName, personName, UniqueNames } from "./demo-names.js";
import {
  COUNTRIES,
  type CountryCode,
  demoAddress,
  demoPhone,
  demoTaxId,
  pickCity,
} from "./demo-places.js";
import { asciiFold, chance, domainLabel, externalId, idWidth, weightedPick } from "./demo-util.js";

export type CustomerKind = "recurring" | "usage" | "project";

export type DemoCustomer = { input: CustomerInput; kind: CustomerKind; country: CountryCode };

const firstCountries: readonly CountryCode[] = ["US", "MX", "JP", "ES", "CO"];
const countryWeights: readonly (readonly [CountryCode, number])[] = [
  ["US", 66],
  ["MX", 14],
  ["ES", 8],
  ["CO", 9],
  ["JP", 3],
];
const profileWeights: readonly (readonly [PayerProfile, number])[] = [
  ["punctual", 40],
  ["few_days_late", 20],
  ["chronically_late", 10],
  ["partial_payer", 7],
  ["disputer", 5],
  ["bank_transfer_messy_reference", 10],
  ["card_payer", 8],
];

/** Every tenth block: 8 recurring customers, 1 usage-based, 1 project customer. */
export function customerKind(index: number): CustomerKind {
  if (index % 10 === 3) return "usage";
  if (index % 10 === 7) return "project";
  return "recurring";
}

/** Customers whose corporate tax id is missing, or whose address is: review-tray material. */
const missingTaxId = (index: number) => index % 20 === 16;
const missingAddress = (index: number) => index % 20 === 11;
/** Customers whose billing contact has an undeliverable address (`.invalid` domain). */
const badEmail = (index: number) => index % 15 === 5;

const recurringSegments: readonly (readonly [Segment, number])[] = [
  ["corporate", 35],
  ["small_business", 45],
  ["individual", 20],
];

function segmentFor(random: Random, index: number, kind: CustomerKind): Segment {
  if (missingTaxId(index)) return "corporate";
  if (kind !== "recurring") return chance(random, 0.6) ? "corporate" : "small_business";
  return weightedPick(random, recurringSegments);
}

const net = (days: number): PaymentTerms => ({ kind: "net", days });
const termsBySegment: Readonly<Record<Segment, readonly PaymentTerms[]>> = {
  corporate: [net(30), net(30), net(15), { kind: "end_of_month", days: 30 }],
  small_business: [
    net(15),
    net(15),
    net(30),
    { kind: "on_receipt" },
    { kind: "end_of_month", days: 0 },
  ],
  individual: [{ kind: "on_receipt" }, net(15)],
};

/** A fresh copy, so no two customers share one terms object. */
function termsFor(random: Random, segment: Segment): PaymentTerms {
  return { ...pick(random, termsBySegment[segment]) };
}

function channelsFor(random: Random, country: CountryCode, segment: Segment): Channel[] {
  const spanish = COUNTRIES[country].language === "es";
  const p = spanish ? (segment === "corporate" ? 0.2 : 0.75) : 0.08;
  return chance(random, p) ? ["email", "whatsapp"] : ["email"];
}

type Built = { customer: DemoCustomer; contacts: Omit<ContactInput, "externalId">[] };

function buildCustomer(
  random: Random,
  index: number,
  ctx: { names: UniqueNames; currency: CurrencyCode; width: number },
): Built {
  const kind = customerKind(index);
  const country = firstCountries[index] ?? weightedPick(random, countryWeights);
  const segment = segmentFor(random, index, kind);
  const city = pickCity(random, country);
  let person = personName(random, country);
  let legalName: string;
  let mailDomain: string;
  if (segment === "individual") {
    legalName = ctx.names.claim(() => {
      person = personName(random, country);
      return `${person.first} ${person.last}`;
    });
    mailDomain = pick(random, COUNTRIES[country].personalMail);
  } else {
    let suffix = "";
    const core = ctx.names.claim(() => {
      const company = companyName(random, country);
      suffix = company.suffix;
      return company.core;
    });
    legalName = `${core} ${suffix}`;
    mailDomain = `${domainLabel(core)}.${COUNTRIES[country].tld}`;
  }
  const hasTaxId =
    segment === "corporate"
      ? !missingTaxId(index)
      : segment === "small_business" && chance(random, 0.4);
  const input: CustomerInput = {
    externalId: externalId("CUS", index + 1, ctx.width),
    legalName,
    taxId: hasTaxId ? demoTaxId(random, country, legalName) : null,
    billingAddress: missingAddress(index) ? null : demoAddress(random, country, city),
    currency: ctx.currency,
    language: COUNTRIES[country].language,
    timeZone: city.zone,
    paymentTerms: termsFor(random, segment),
    segment,
    preferredChannels: channelsFor(random, country, segment),
    payerProfile: PAYER_PROFILES[index] ?? weightedPick(random, profileWeights),
  };
  const contacts = buildContacts(random, { index, input, country, city, person, mailDomain });
  return { customer: { input, kind, country }, contacts };
}

type ContactCtx = {
  index: number;
  input: CustomerInput;
  country: CountryCode;
  city: ReturnType<typeof pickCity>;
  person: { first: string; last: string };
  mailDomain: string;
};

const billingMailboxes = {
  en: ["billing", "ap", "accounts", "accounting", "invoices"],
  es: ["pagos", "facturacion", "cuentasporpagar", "contabilidad", "administracion"],
} as const;

function personLocalPart(name: string): string {
  return asciiFold(name)
    .replace(/[^a-z0-9 ]/g, "")
    .trim()
    .split(/\s+/)
    .join(".");
}

function buildContacts(random: Random, ctx: ContactCtx): Built["contacts"] {
  const { input, country, person } = ctx;
  const individual = input.segment === "individual";
  const domain = badEmail(ctx.index)
    ? ctx.mailDomain.replace(/\.[a-z.]+$/, ".invalid")
    : ctx.mailDomain;
  const mailbox = individual
    ? personLocalPart(input.legalName)
    : pick(random, billingMailboxes[COUNTRIES[country].language]);
  const whatsapp = input.preferredChannels.includes("whatsapp");
  const billing = {
    customerExternalId: input.externalId,
    name: `${person.first} ${person.last}`,
    role: "billing" as const,
    email: `${mailbox}@${domain}`,
    phone: whatsapp || chance(random, 0.5) ? demoPhone(random, country, ctx.city) : null,
    whatsappOptIn: whatsapp,
  };
  if (input.segment !== "corporate" || !chance(random, 0.5)) return [billing];
  const second = personName(random, country);
  const name = `${second.first} ${second.last}`;
  return [
    billing,
    {
      customerExternalId: input.externalId,
      name,
      role: "primary",
      email: `${personLocalPart(name)}@${ctx.mailDomain}`,
      phone: demoPhone(random, country, ctx.city),
      whatsappOptIn: false,
    },
  ];
}

/** `count` customers and their contacts, contacts numbered CON-0001… in customer order. */
export function generateCustomers(
  random: Random,
  count: number,
  currency: CurrencyCode,
): { customers: DemoCustomer[]; contacts: ContactInput[] } {
  const ctx = { names: new UniqueNames(), currency, width: idWidth(count, 4) };
  const customers: DemoCustomer[] = [];
  const pending: Built["contacts"] = [];
  for (let index = 0; index < count; index++) {
    const built = buildCustomer(random, index, ctx);
    customers.push(built.customer);
    for (const contact of built.contacts) pending.push(contact);
  }
  const width = idWidth(pending.length, 4);
  const contacts = pending.map((c, i) => ({ externalId: externalId("CON", i + 1, width), ...c }));
  return { customers, contacts };
}
