import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import { isValidTimeZone } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { asCurrencyCode } from "../kernel/money.js";
import type { Address, BankDetails, Organisation, PaymentTerms } from "./model.js";
import { insertOrganisation, listOrganisations } from "./store.js";

export type CreateOrganisationInput = {
  name: string;
  slug?: string;
  legalName?: string;
  taxId?: string | null;
  address?: Address | null;
  currency: string;
  timeZone: string;
  locale: string;
  paymentTerms?: PaymentTerms;
  bankDetails?: BankDetails | null;
  actor: Actor;
};

/** "Acme Services, LLC" → "acme-services-llc". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "org";
}

function checkLocale(locale: string): string {
  try {
    return new Intl.Locale(locale).toString();
  } catch {
    throw new CashloopError(
      "locale_invalid",
      `--locale: "${locale}" is not a BCP 47 locale like en-US`,
      {
        field: "locale",
      },
    );
  }
}

/** Creates an organisation; its slug (from the name unless given) must be new. */
export async function createOrganisation(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: CreateOrganisationInput,
): Promise<Organisation> {
  if (!input.name.trim()) {
    throw new CashloopError("name_missing", "--name: the organisation needs a name", {
      field: "name",
    });
  }
  if (!isValidTimeZone(input.timeZone)) {
    throw new CashloopError(
      "time_zone_invalid",
      `--time-zone: "${input.timeZone}" is not an IANA time zone like America/New_York`,
      { field: "time_zone" },
    );
  }
  const org: Organisation = {
    id: deps.ids.next("org"),
    slug: input.slug ?? slugify(input.name),
    name: input.name.trim(),
    legalName: input.legalName ?? input.name.trim(),
    taxId: input.taxId ?? null,
    address: input.address ?? null,
    baseCurrency: asCurrencyCode(input.currency.toUpperCase()),
    timeZone: input.timeZone,
    locale: checkLocale(input.locale),
    paymentTerms: input.paymentTerms ?? { kind: "net", days: 30 },
    bankDetails: input.bankDetails ?? null,
    weekendDays: [0, 6],
    requireTaxId: false,
    createdAt: deps.clock.now(),
  };
  return deps.db.transaction(async (tx) => {
    const existing = await listOrganisations(tx);
    if (existing.some((o) => o.slug === org.slug)) {
      throw new CashloopError(
        "organisation_exists",
        `an organisation with slug "${org.slug}" exists already`,
      );
    }
    await insertOrganisation(tx, org);
    await audit(tx, deps.ids, {
      orgId: org.id,
      actor: input.actor,
      action: "organisation.created",
      subjectId: org.id,
      before: null,
      after: org,
      at: org.createdAt,
    });
    return org;
  });
}
