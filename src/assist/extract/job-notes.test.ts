import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeJobNotes, jobDescriptionCharsMax, jobNotesCharsMax } from "./job-notes.js";

describe("describeJobNotes", () => {
  it.each([
    // [notes, language, description]
    [
      "Replaced the failing switch in the server room; tested VLANs; 3.5 h on site",
      "en",
      "Replaced the failing switch in the server room",
    ],
    [
      "Onboarded three new employees (accounts, laptops, MFA); verified the backups; 2 h remote",
      "en",
      "Onboarded three new employees (accounts, laptops, MFA)",
    ],
    ["Investigated the slow internet; replaced the modem", "en", "Investigated the slow internet"],
    [
      "internal: customer was rude.\nFixed printer queue on reception PC (2h)",
      "en",
      "Fixed printer queue on reception PC",
    ],
    [
      "[TKT-4521] restored the shared drive from backup - 1.5 hrs remote",
      "en",
      "Restored the shared drive from backup",
    ],
    ["Fixed VPN for remote staff in 30 min, ticket #8812", "en", "Fixed VPN for remote staff"],
    [
      "INC0012345 - Patched the firewall firmware w/ vendor hotfix; reviewed rules",
      "en",
      "Patched the firewall firmware with vendor hotfix",
    ],
    [
      "TODO: bill the cables\nSet up the new printer and scan-to-email.",
      "en",
      "Set up the new printer and scan-to-email",
    ],
    [
      "Work performed: cleaned malware off the front-desk PC!!",
      "en",
      "Cleaned malware off the front-desk PC",
    ],
    [
      "Upgraded the Wi-Fi access points (FIXME check AP-3)",
      "en",
      "Upgraded the Wi-Fi access points",
    ],
    [
      "se cambió el disco del servidor; 2 h en sitio; TODO: facturar cables",
      "es",
      "Se cambió el disco del servidor",
    ],
    [
      "Reemplazo de batería UPS c/ prueba de carga. Nota interna: cobrar desplazamiento",
      "es",
      "Reemplazo de batería UPS con prueba de carga",
    ],
    [
      "Caso #4410: configuración de teléfonos VoIP en recepción; 09:00-11:30",
      "es",
      "Configuración de teléfonos VoIP en recepción",
    ],
    [
      "Migrated the mailboxes to the new Microsoft 365 tenant and reconfigured every user's Outlook profile; 6 h",
      "en",
      "Migrated the mailboxes to the new Microsoft 365 tenant",
    ],
    ["TODO invoice travel", "en", "Technical services"],
    ["3.5 h on site; JIRA-221", "en", "Technical services"],
    ["   ", "es", "Servicios técnicos"],
    ["", "en", "Technical services"],
  ] as const)("%j (%s) → %j", (notes, language, expected) => {
    expect(describeJobNotes(notes, language)).toBe(expected);
  });

  it("cuts a long clause at a word, without dangling words or punctuation", () => {
    const notes =
      "Reviewed every workstation in the accounting department for pending updates and the antivirus status and the disk health";
    const out = describeJobNotes(notes, "en");
    expect(out.length).toBeLessThanOrEqual(jobDescriptionCharsMax);
    expect(notes.startsWith(out)).toBe(true);
    expect(out).not.toMatch(/\s(and|the|for|in)$|[.,;:]$/);
  });

  it("refuses notes past the limit instead of reading part of them", () => {
    expect(() => describeJobNotes("a".repeat(jobNotesCharsMax + 1), "en")).toThrow(
      expect.objectContaining({ code: "job_notes_too_long" }),
    );
  });

  it("always gives a short, capitalised line without trailing punctuation", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom("en", "es"), (notes, language) => {
        const out = describeJobNotes(notes, language as "en" | "es");
        expect(out.length).toBeGreaterThan(0);
        expect(out.length).toBeLessThanOrEqual(jobDescriptionCharsMax);
        expect(out).not.toMatch(/[.,;:!?\s]$/);
        const firstLetter = /\p{L}/u.exec(out)?.[0];
        if (firstLetter) expect(firstLetter).toBe(firstLetter.toLocaleUpperCase());
      }),
    );
  });
});
