/**
 * ISO 7064 MOD 97-10 check digits, shared by IBANs (iban-spans.ts) and ISO 11649 creditor
 * references (creditor-reference.ts). Pure.
 */

/** The remainder mod 97 of an alphanumeric string read with A=10 … Z=35; null if not alnum. */
export function mod97(alnum: string): number | null {
  let rest = 0;
  for (const ch of alnum.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) {
      rest = (rest * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      rest = (rest * 100 + (code - 55)) % 97;
    } else {
      return null;
    }
  }
  return rest;
}

/** Whether "XX00BODY" (country or "RF", two check digits, body) passes the mod-97 check. */
export function checkDigitsValid(compact: string): boolean {
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}
