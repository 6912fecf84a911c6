/**
 * Where an issued invoice stands with its money, from its total, what is left, what was paid
 * (live allocations) and what was credited (issued credit notes). Pure. A balance brought to
 * zero by credit notes alone is credited, not paid; one lowered by them alone is still open.
 */
export const SETTLEMENTS = ["open", "partially_paid", "paid", "credited"] as const;
export type Settlement = (typeof SETTLEMENTS)[number];

export function settlementOf(m: {
  totalMinor: number;
  balanceMinor: number;
  paidMinor: number;
  creditedMinor: number;
}): Settlement {
  const creditOnly = m.paidMinor === 0 && m.creditedMinor > 0;
  if (m.balanceMinor === 0) return creditOnly ? "credited" : "paid";
  if (m.balanceMinor < m.totalMinor) return creditOnly ? "open" : "partially_paid";
  return "open";
}
