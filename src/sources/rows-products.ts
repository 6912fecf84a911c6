/** products.csv rows → ProductInput. Pure. */
import type { ProductInput } from "./model.js";
import { type RowConverter, RowReader } from "./row-fields.js";

export const PRODUCT_COLUMNS = {
  required: ["code", "name", "unit_price", "tax_code"],
  optional: ["unit", "currency"],
} as const;

export const productFromRow: RowConverter<ProductInput> = (values, line, file, defaults) => {
  const row = new RowReader(values, line, file);
  const code = row.required("code");
  const name = row.required("name");
  const unit = row.text("unit") || "unit";
  const currency = row.currency("currency", defaults.currency);
  const unitPriceMinor = row.amountMinor("unit_price", currency, true);
  const taxCode = row.required("tax_code");
  return row.result(() => ({
    code,
    name,
    unit,
    unitPriceMinor: unitPriceMinor!,
    currency: currency!,
    taxCode,
  }));
};
