/** Name lists for demo customers and contacts, combined (with a number when needed) into unique names. */
import type { Random } from "../kernel/random.js";
import { pick } from "../kernel/random.js";
import type { CountryCode } from "./demo-places.js";

const usPrefixes = [
  "Harbor",
  "Summit",
  "Bluebird",
  "Cedar",
  "Maple",
  "Lakeside",
  "Northgate",
  "Redwood",
  "Ironwood",
  "Granite",
  "Oakmont",
  "Riverbend",
  "Pioneer",
  "Beacon",
  "Westfield",
  "Brightline",
  "Keystone",
  "Silverline",
  "Copperleaf",
  "Evergreen",
  "Hudson",
  "Magnolia",
  "Prairie",
  "Sterling",
  "Tidewater",
  "Willow Creek",
  "Liberty",
  "Meridian",
  "Crescent",
  "Union Square",
] as const;

const usTrades = [
  "Dental Group",
  "Family Clinic",
  "Law Offices",
  "Accounting",
  "Logistics",
  "Realty",
  "Architects",
  "Veterinary Hospital",
  "Coffee Roasters",
  "Fitness",
  "Auto Repair",
  "Insurance Agency",
  "Construction",
  "Property Management",
  "Pediatrics",
  "Print Shop",
  "Marketing",
  "Bakery",
  "Physical Therapy",
  "Landscaping",
  "Engineering",
  "Wealth Advisors",
  "Home Health",
  "Staffing",
  "Plumbing & Heating",
  "Design Studio",
  "Medical Imaging",
  "Title & Escrow",
  "Brewing",
  "Orthodontics",
] as const;

const usSuffixes = ["LLC", "LLC", "Inc.", "Inc.", "Corp.", "Co."] as const;

const jpPrefixes = [
  "Sakura",
  "Fuji",
  "Kobayashi",
  "Yamato",
  "Hikari",
  "Midori",
  "Aozora",
  "Tanaka",
];
const jpTrades = ["Trading", "Precision", "Logistics", "Design", "Systems", "Foods", "Electronics"];
const jpSuffixes = ["Co., Ltd.", "K.K."] as const;

const esTrades = [
  "Clínica Dental",
  "Construcciones",
  "Distribuidora",
  "Despacho Contable",
  "Laboratorios",
  "Transportes",
  "Inmobiliaria",
  "Consultores",
  "Farmacia",
  "Panadería",
  "Talleres",
  "Hotel",
  "Agencia de Viajes",
  "Comercializadora",
  "Grupo",
  "Estudio de Arquitectura",
  "Óptica",
  "Clínica Veterinaria",
  "Restaurante",
  "Imprenta",
] as const;

const esNames = [
  "Sonrisa",
  "Peñalver",
  "Andina",
  "del Bajío",
  "La Montaña",
  "Sol y Mar",
  "Núñez",
  "Ibáñez",
  "Castañeda",
  "Alborada",
  "El Roble",
  "Santa Fe",
  "Los Álamos",
  "Muñoz Hermanos",
  "Cordillera",
  "Azteca",
  "Mediterránea",
  "Guadalquivir",
  "Caribe",
  "Ávila",
  "Orión",
  "Río Bravo",
  "Begoña",
  "San Ángel",
  "Peña Blanca",
] as const;

const esSuffixes: Readonly<Record<"MX" | "ES" | "CO", readonly string[]>> = {
  MX: ["S.A. de C.V.", "S.A. de C.V.", "S. de R.L. de C.V."],
  ES: ["S.L.", "S.L.", "S.A."],
  CO: ["S.A.S.", "S.A.S.", "Ltda."],
};

const enFirst = [
  "James",
  "Mary",
  "Robert",
  "Patricia",
  "Michael",
  "Jennifer",
  "David",
  "Linda",
  "Emily",
  "Daniel",
  "Sarah",
  "Kevin",
  "Laura",
  "Brian",
  "Megan",
  "Jason",
  "Rachel",
  "Eric",
  "Olivia",
  "Thomas",
] as const;
const enLast = [
  "Carter",
  "Nguyen",
  "Johnson",
  "Patel",
  "Williams",
  "Brooks",
  "Miller",
  "Davis",
  "O'Connor",
  "Reed",
  "Bennett",
  "Foster",
  "Kim",
  "Hughes",
  "Sullivan",
  "Murphy",
  "Coleman",
  "Price",
  "Walsh",
  "Perry",
] as const;
const jpFirst = ["Kenji", "Yuki", "Haruto", "Aiko", "Takumi", "Sakura", "Ren", "Mei"] as const;
const jpLast = ["Watanabe", "Sato", "Suzuki", "Takahashi", "Ito", "Nakamura", "Yamamoto"] as const;
const esFirst = [
  "María José",
  "José Luis",
  "Ana",
  "Carlos",
  "Lucía",
  "Javier",
  "Sofía",
  "Andrés",
  "Camila",
  "Fernando",
  "Valentina",
  "Alejandro",
  "Mónica",
  "Raúl",
  "Inés",
  "Sebastián",
  "Begoña",
  "Martín",
  "Gabriela",
  "Héctor",
] as const;
const esLast = [
  "García",
  "Martínez",
  "López",
  "Hernández",
  "González",
  "Pérez",
  "Rodríguez",
  "Sánchez",
  "Ramírez",
  "Núñez",
  "Ibáñez",
  "Castañeda",
  "Jiménez",
  "Muñoz",
  "Peñalver",
  "Gómez",
  "Díaz",
  "Ortiz",
  "Vázquez",
  "Álvarez",
] as const;

/** A person: first name and last name(s), as written in the country. */
export function personName(random: Random, country: CountryCode): { first: string; last: string } {
  if (country === "US") return { first: pick(random, enFirst), last: pick(random, enLast) };
  if (country === "JP") return { first: pick(random, jpFirst), last: pick(random, jpLast) };
  return { first: pick(random, esFirst), last: `${pick(random, esLast)} ${pick(random, esLast)}` };
}

/** A company's distinctive part and legal-form suffix, before uniqueness is applied. */
export function companyName(
  random: Random,
  country: CountryCode,
): { core: string; suffix: string } {
  switch (country) {
    case "US":
      return {
        core: `${pick(random, usPrefixes)} ${pick(random, usTrades)}`,
        suffix: pick(random, usSuffixes),
      };
    case "JP":
      return {
        core: `${pick(random, jpPrefixes)} ${pick(random, jpTrades)}`,
        suffix: pick(random, jpSuffixes),
      };
    default:
      return {
        core: `${pick(random, esTrades)} ${pick(random, esNames)}`,
        suffix: pick(random, esSuffixes[country]),
      };
  }
}

/** How many fresh draws a name gets before it takes a number. */
const nameDrawsMax = 4;

/**
 * Hands out unique name cores. A taken core is drawn again (up to `nameDrawsMax` times), then
 * numbered: "Harbor Dental Group 2". The cores built from the lists above never end in a number,
 * so a numbered name cannot meet another core. A bounded number of map lookups per name keeps a
 * million names linear.
 */
export class UniqueNames {
  private readonly seen = new Map<string, number>();

  claim(draw: () => string): string {
    let core = draw();
    for (let i = 1; i < nameDrawsMax && this.seen.has(core); i++) core = draw();
    const count = (this.seen.get(core) ?? 0) + 1;
    this.seen.set(core, count);
    return count === 1 ? core : `${core} ${count}`;
  }
}
