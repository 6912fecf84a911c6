import { storeStatements } from "../../src/reconcile/import-statement.js";
import type { StatementLine } from "../../src/reconcile/statement-model.js";
import { TEST_ACTOR } from "./fixtures.js";
import type { TestApp } from "./test-app.js";

/** Lines stored as one USD statement of the test bank account, as `bank import` stores a file. */
export function storeLines(app: TestApp, orgId: string, file: string, lines: StatementLine[]) {
  return app.db.transaction((tx) =>
    storeStatements(tx, app, {
      orgId,
      file,
      sha256: file,
      format: "camt.053",
      statements: [
        {
          account: "US64SVBKUS6S3300958879",
          currency: "USD",
          openingBalance: null,
          closingBalance: null,
          lines,
        },
      ],
      actor: TEST_ACTOR,
    }),
  );
}
