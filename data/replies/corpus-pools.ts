/**
 * Fixed pools for the generated corpus: people, emails, phones, invoice numbers, amounts,
 * companies, tax ids. Values only; dates live in corpus-slots.ts.
 */
import { pick, type Random } from "../../src/kernel/random.js";

export type Lang = "en" | "es";

const firstEn = ["Sarah", "Tom", "Jessica", "Kevin", "Emily", "Daniel", "Laura", "Mark", "Priya"];
const lastEn = ["Miller", "Becker", "Tran", "Ortiz", "Zhao", "Reyes", "Walsh", "Kim", "Harris"];
const firstEs = ["Laura", "Andrés", "Carmen", "Miguel", "Rosa", "Javier", "Marta", "Luis", "Sofía"];
const lastEs = ["Gómez", "Ortega", "Torres", "Vázquez", "López", "Ramírez", "Castaño", "Ruiz"];

export type Person = { first: string; last: string };

export function person(lang: Lang, rnd: Random): Person {
  return lang === "en"
    ? { first: pick(rnd, firstEn), last: pick(rnd, lastEn) }
    : { first: pick(rnd, firstEs), last: pick(rnd, lastEs) };
}

function ascii(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

const domains = [
  "brightline.example",
  "northwind.example",
  "textilbajio.example",
  "andina.example",
];

export function personEmail(p: Person, rnd: Random): string {
  const local = pick(rnd, [
    `${ascii(p.first)}.${ascii(p.last)}`,
    `${ascii(p.first)[0]}${ascii(p.last)}`,
  ]);
  return `${local}@${pick(rnd, domains)}`;
}

export function roleEmail(lang: Lang, rnd: Random): string {
  const en = ["ap", "billing", "accounts", "finance", "invoices"];
  const es = ["facturacion", "pagos", "cuentasporpagar", "tesoreria", "proveedores"];
  return `${pick(rnd, lang === "en" ? en : es)}@${pick(rnd, domains)}`;
}

export function phone(lang: Lang, rnd: Random): string {
  const d = (n: number) => Array.from({ length: n }, () => String(rnd.int(10))).join("");
  if (lang === "en")
    return pick(rnd, [`555-${d(3)}-${d(4)}`, `(617) 555-${d(4)}`, `+1 312 555 ${d(4)}`]);
  return pick(rnd, [
    `55 ${d(4)} ${d(4)}`,
    `+52 81 ${d(4)} ${d(4)}`,
    `300 ${d(3)} ${d(4)}`,
    `+34 612 ${d(3)} ${d(3)}`,
  ]);
}

const fixed: Record<string, Record<Lang, string[]>> = {
  inv: {
    en: ["INV-2026-000123", "INV-2026-000418", "invoice #4521", "#30917", "2026-000318"],
    es: ["FAC-1187", "A-2291", "2026-000315", "F-2026-0042", "la 2026-000777"],
  },
  amount: {
    en: ["$1,250.00", "$980", "USD 3,400.00", "£1,200", "€850.00", "$12,000"],
    es: ["$12,500.00 MXN", "$4.500.000", "1.250,00 €", "$8,900 pesos", "$ 2.350.000"],
  },
  ref: {
    en: ["4471932", "TRX-88217", "0098812231", "ACH-55120", "W7781203"],
    es: ["7781203", "SPEI 0098812231", "TRF-44120", "55120938", "CONS-8812"],
  },
  bank: {
    en: ["Chase", "Wells Fargo", "Bank of America", "HSBC", "Barclays"],
    es: ["BBVA", "Santander", "Banorte", "Bancolombia", "CaixaBank", "Davivienda"],
  },
  company: {
    en: [
      "Brightline Logistics LLC",
      "Northwind Traders Inc.",
      "Summit Group Holdings",
      "Rivera Design Studio",
      "Bluewater Marine Ltd.",
    ],
    es: [
      "Comercializadora del Norte S.A. de C.V.",
      "Distribuidora Andina S.A.S.",
      "Talleres JR S.L.",
      "Grupo Textil del Bajío",
      "Hoteles La Mar S.A.",
    ],
  },
  address: {
    en: [
      "1200 Market St, Suite 400, San Francisco, CA 94103",
      "88 Bay St, Toronto, ON M5J 2R8",
      "45 King Street, London EC2V 8AU",
    ],
    es: [
      "Calle Mayor 15, 28013 Madrid",
      "Av. Constitución 300, Monterrey, N.L. 64000",
      "Carrera 7 # 71-21, Bogotá",
    ],
  },
  po: {
    en: ["4500123456", "PO-77812", "PO 20931", "55231"],
    es: ["OC-88123", "4500987654", "55231", "PED-2291"],
  },
  taxid: {
    en: ["GB123456789", "84-2231190", "DE811907980", "EIN 12-3456789"],
    es: ["GTB950312AB1", "B12345678", "900.123.456-7", "XAXX010101000"],
  },
  desc: {
    en: ["Consulting services – Q4", "Monthly maintenance, October", "Software subscription"],
    es: ["Servicios de consultoría", "Mantenimiento mensual", "Honorarios profesionales"],
  },
  cfdi: {
    en: ["G03"],
    es: ["G03 Gastos en general", "601 General de Ley", "PPD", "S01 Sin efectos fiscales"],
  },
};

export function fixedSlot(slot: string, lang: Lang, rnd: Random): string | undefined {
  const pool = fixed[slot]?.[lang];
  return pool ? pick(rnd, pool) : undefined;
}
