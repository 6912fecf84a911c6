import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import { type CalendarDate, parseCalendarDate } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { parseMoney } from "../kernel/money.js";
import type { LineInput } from "../sources/model.js";

export type ContractLineChange = {
  position: number;
  productCode?: string;
  quantity?: string;
  /** A decimal price in the contract's currency ("1600.00"); null goes back to the list price. */
  unitPrice?: string | null;
};

/**
 * An upgrade or downgrade from a date: the contract's lines change from `effectiveOn`, and the
 * change is recorded so the next `bill` prorates it — a credit for the unused part of the old
 * plan and a charge for the new one when the period was billed in advance.
 */
export async function changeContract(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: {
    orgId: string;
    contract: string;
    effectiveOn: string;
    change: ContractLineChange;
    actor: Actor;
  },
): Promise<{ id: string; oldLines: LineInput[]; newLines: LineInput[] }> {
  const effectiveOn: CalendarDate = parseCalendarDate(input.effectiveOn);
  return deps.db.transaction(async (tx) => {
    const [contract] = await tx.query<{
      id: string;
      lines: LineInput[];
      currency: string;
      startOn: string;
      endOn: string | null;
    }>(
      `SELECT id, lines, currency, start_on AS "startOn", end_on AS "endOn" FROM contracts
        WHERE org_id = $1 AND (id = $2 OR external_id = $2) FOR UPDATE`,
      [input.orgId, input.contract],
    );
    if (!contract) throw new CashloopError("contract_not_found", `no contract ${input.contract}`);
    if (
      effectiveOn <= contract.startOn ||
      (contract.endOn !== null && effectiveOn > contract.endOn)
    ) {
      throw new CashloopError(
        "change_date_invalid",
        `--effective: ${effectiveOn} is not inside the contract (${contract.startOn} to ${contract.endOn ?? "open-ended"})`,
        { field: "effective" },
      );
    }
    const { position } = input.change;
    const old = contract.lines[position - 1];
    if (!old)
      throw new CashloopError("line_not_found", `--line: the contract has no line ${position}`);
    if (input.change.productCode) {
      const [product] = await tx.query("SELECT 1 FROM products WHERE org_id = $1 AND code = $2", [
        input.orgId,
        input.change.productCode,
      ]);
      if (!product)
        throw new CashloopError(
          "product_not_found",
          `--product: no product ${input.change.productCode}`,
        );
    }
    const changed: LineInput = {
      ...old,
      productCode: input.change.productCode ?? old.productCode,
      quantity: input.change.quantity ?? old.quantity,
      unitPriceMinor:
        input.change.unitPrice === undefined
          ? old.unitPriceMinor
          : input.change.unitPrice === null
            ? null
            : parseMoney(input.change.unitPrice, contract.currency).amountMinor,
    };
    const newLines = contract.lines.map((l, i) => (i === position - 1 ? changed : l));
    const id = deps.ids.next("chg");
    const now = deps.clock.now();
    await tx.query(
      `INSERT INTO contract_changes (org_id, id, contract_id, effective_on, old_lines, new_lines, created_at)
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7)`,
      [
        input.orgId,
        id,
        contract.id,
        effectiveOn,
        JSON.stringify(contract.lines),
        JSON.stringify(newLines),
        now,
      ],
    );
    await tx.query(
      "UPDATE contracts SET lines = $3::text::jsonb, updated_at = $4 WHERE org_id = $1 AND id = $2",
      [input.orgId, contract.id, JSON.stringify(newLines), now],
    );
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "contract.changed",
      subjectId: contract.id,
      before: { lines: contract.lines },
      after: { lines: newLines, effectiveOn, changeId: id },
      at: now,
    });
    return { id, oldLines: contract.lines, newLines };
  });
}
