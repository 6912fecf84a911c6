/** tax-rates.csv rows → TaxRateInput. Pure. */
import { parseDecimalToMinor } from "../kernel/decimal.js";
import type { TaxRateInput } from "./model.js";
import { type RowConverter, RowReader, show } from "./row-fields.js";

export const TAX_RATE_COLUMNS = {
  required: ["code", "name", "rate"],
  optional: ["inclusive", "exempt", "zero_rated"],
} as const;

/** The highest rate accepted, in basis points (1000 %): higher is a typo, not a tax. */
export const taxRateBpsMax = 100_000;

export const taxRateFromRow: RowConverter<TaxRateInput> = (values, line, file) => {
  const row = new RowReader(values, line, file);
  const code = row.required("code");
  const name = row.required("name");
  const rateBps = readRateBps(row);
  const inclusive = row.bool("inclusive", false);
  const exempt = row.bool("exempt", false);
  const zeroRated = row.bool("zero_rated", false);
  if (exempt && zeroRated) {
    row.issue("zero_rated", "a tax rate cannot be both exempt and zero_rated");
  } else if ((exempt || zeroRated) && rateBps !== null && rateBps !== 0) {
    row.issue(
      "rate",
      `must be 0 for ${exempt ? "an exempt" : "a zero-rated"} tax: ${show(row.text("rate"))}`,
    );
  }
  return row.result(() => ({ code, name, rateBps: rateBps!, inclusive, exempt, zeroRated }));
};

/** "16" → 1600, "8.25" → 825, "16%" → 1600; at most 2 decimals, 0 to 1000 %. */
function readRateBps(row: RowReader): number | null {
  const value = row.required("rate");
  if (value === "") return null;
  const reason = `rate must be a percent from 0 to 1000 with at most 2 decimals, like 16 or 8.25: ${show(value)}`;
  let rateBps: number;
  try {
    rateBps = parseDecimalToMinor(value.replace(/\s*%$/, ""), 2);
  } catch {
    row.issue("rate", reason);
    return null;
  }
  if (rateBps < 0 || rateBps > taxRateBpsMax) {
    row.issue("rate", reason);
    return null;
  }
  return rateBps;
}
