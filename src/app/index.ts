// What the shells (cli, server, worker) may use: the composition root and the use cases.

export { listAudit } from "../kernel/audit.js";
export { CashloopError, exitCodeFor, ValidationError } from "../kernel/errors.js";
export { formatMoney, money } from "../kernel/money.js";
export { createOrganisation } from "../sources/create-organisation.js";
export { importSourceFile } from "../sources/import-source-file.js";
export {
  type Organisation,
  type PaymentTerms,
  SOURCE_KINDS,
  type SourceKind,
} from "../sources/model.js";
export {
  listContacts,
  listContracts,
  listCustomers,
  listEvents,
  listProducts,
  listTaxRates,
} from "../sources/store.js";
export { createDemoBusiness, type DemoRequest } from "./create-demo-business.js";
export { type App, type AppOptions, openApp } from "./open-app.js";
