/** Where demo customers live: cities with time zones, addresses, phones and tax ids per country. */
import type { Random } from "../kernel/random.js";
import { pick } from "../kernel/random.js";
import type { Address } from "../sources/model.js";
import { digitString, intBetween } from "./demo-util.js";

export type CountryCode = "US" | "MX" | "ES" | "CO" | "JP";

type City = {
  city: string;
  region: string;
  zone: string;
  /** Phone area code (national, no trunk prefix); empty where the number has none. */
  area: string;
  postal: string;
};

type Country = {
  language: "en" | "es";
  tld: string;
  callingCode: string;
  cities: readonly City[];
  streets: readonly string[];
  personalMail: readonly string[];
};

const c = (city: string, region: string, zone: string, area: string, postal: string): City => ({
  city,
  region,
  zone,
  area,
  postal,
});

const NY = "America/New_York";
const CHI = "America/Chicago";
const LA = "America/Los_Angeles";
const MX = "America/Mexico_City";

export const COUNTRIES: Readonly<Record<CountryCode, Country>> = {
  US: {
    language: "en",
    tld: "com",
    callingCode: "1",
    cities: [
      c("New York", "NY", NY, "212", "100"),
      c("Boston", "MA", NY, "617", "021"),
      c("Atlanta", "GA", NY, "404", "303"),
      c("Miami", "FL", NY, "305", "331"),
      c("Chicago", "IL", CHI, "312", "606"),
      c("Austin", "TX", CHI, "512", "787"),
      c("Houston", "TX", CHI, "713", "770"),
      c("Los Angeles", "CA", LA, "213", "900"),
      c("San Diego", "CA", LA, "619", "921"),
      c("Seattle", "WA", LA, "206", "981"),
    ],
    streets: [
      "Main St",
      "Harbor Blvd",
      "Oak Ave",
      "Market St",
      "Elm St",
      "Commerce Dr",
      "Park Ave",
    ],
    personalMail: ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
  },
  MX: {
    language: "es",
    tld: "mx",
    callingCode: "52",
    cities: [
      c("Ciudad de México", "CDMX", MX, "55", "03"),
      c("Guadalajara", "Jalisco", MX, "33", "44"),
      c("Puebla", "Puebla", MX, "222", "72"),
      c("Querétaro", "Querétaro", MX, "442", "76"),
    ],
    streets: ["Av. Insurgentes Sur", "Av. Reforma", "Calle Morelos", "Av. Juárez", "Calle Hidalgo"],
    personalMail: ["gmail.com", "hotmail.com", "outlook.com", "prodigy.net.mx"],
  },
  ES: {
    language: "es",
    tld: "es",
    callingCode: "34",
    cities: [
      c("Madrid", "Madrid", "Europe/Madrid", "", "280"),
      c("Barcelona", "Barcelona", "Europe/Madrid", "", "080"),
      c("Valencia", "Valencia", "Europe/Madrid", "", "460"),
      c("Sevilla", "Sevilla", "Europe/Madrid", "", "410"),
      c("Bilbao", "Bizkaia", "Europe/Madrid", "", "480"),
    ],
    streets: ["Calle de Alcalá", "Gran Vía", "Calle Mayor", "Paseo de Gràcia", "Calle Peñalver"],
    personalMail: ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"],
  },
  CO: {
    language: "es",
    tld: "com.co",
    callingCode: "57",
    cities: [
      c("Bogotá", "Bogotá D.C.", "America/Bogota", "", "110"),
      c("Medellín", "Antioquia", "America/Bogota", "", "050"),
      c("Cali", "Valle del Cauca", "America/Bogota", "", "760"),
      c("Barranquilla", "Atlántico", "America/Bogota", "", "080"),
    ],
    streets: ["Carrera 7", "Calle 72", "Avenida El Poblado", "Carrera 15", "Calle 93"],
    personalMail: ["gmail.com", "hotmail.com", "outlook.com"],
  },
  JP: {
    language: "en",
    tld: "co.jp",
    callingCode: "81",
    cities: [
      c("Tokyo", "Minato-ku", "Asia/Tokyo", "", "105"),
      c("Tokyo", "Chiyoda-ku", "Asia/Tokyo", "", "100"),
      c("Osaka", "Kita-ku", "Asia/Tokyo", "", "530"),
    ],
    streets: ["Shibakoen", "Marunouchi", "Umeda", "Toranomon"],
    personalMail: ["gmail.com", "yahoo.co.jp"],
  },
};

export function pickCity(random: Random, country: CountryCode): City {
  return pick(random, COUNTRIES[country].cities);
}

function streetLines(random: Random, country: CountryCode): [string, string | null] {
  const street = pick(random, COUNTRIES[country].streets);
  const n = intBetween(random, 2, 2400);
  const unit = intBetween(random, 1, 30);
  switch (country) {
    case "US":
      return [`${n} ${street}`, random.int(2) === 0 ? `Suite ${unit * 10}` : null];
    case "MX":
      return [`${street} ${n}`, `Int. ${unit}`];
    case "ES":
      return [`${street}, ${n % 200}`, `${(unit % 8) + 1}º ${"ABCD"[unit % 4]}`];
    case "CO":
      return [`${street} # ${(n % 120) + 1}-${(unit % 90) + 10}`, `Oficina ${unit * 10 + 1}`];
    case "JP":
      return [`${(unit % 5) + 1}-${(n % 20) + 1}-${(unit % 9) + 1} ${street}`, null];
  }
}

function postalCode(random: Random, country: CountryCode, city: City): string {
  switch (country) {
    case "US":
    case "ES":
      return `${city.postal}${digitString(random, 2)}`;
    case "MX":
      return `${city.postal}${digitString(random, 3)}`;
    case "CO":
      return `${city.postal}${digitString(random, 3)}`;
    case "JP":
      return `${city.postal}-${digitString(random, 4)}`;
  }
}

export function demoAddress(random: Random, country: CountryCode, city: City): Address {
  const [line1, line2] = streetLines(random, country);
  return {
    line1,
    line2,
    city: city.city,
    region: city.region,
    postalCode: postalCode(random, country, city),
    country,
  };
}

/** A mobile number in E.164: +1 212 555…, +52 55…, +34 6…, +57 3…, +81 90…. */
export function demoPhone(random: Random, country: CountryCode, city: City): string {
  const cc = COUNTRIES[country].callingCode;
  switch (country) {
    case "US":
      return `+1${city.area}${intBetween(random, 200, 999)}${digitString(random, 4)}`;
    case "MX":
      return `+52${city.area}${digitString(random, 10 - city.area.length)}`;
    case "ES":
      return `+${cc}6${digitString(random, 8)}`;
    case "CO":
      return `+${cc}3${intBetween(random, 0, 2)}${digitString(random, 8)}`;
    case "JP":
      return `+${cc}${pick(random, ["70", "80", "90"])}${digitString(random, 8)}`;
  }
}

const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const letter = (random: Random): string => letters.charAt(random.int(letters.length));

/** A tax id in the country's usual shape: EIN, RFC, CIF/NIF, NIT, Japanese invoice number. */
export function demoTaxId(random: Random, country: CountryCode, name: string): string {
  switch (country) {
    case "US":
      return `${intBetween(random, 10, 98)}-${digitString(random, 7)}`;
    case "MX": {
      const initials = name
        .normalize("NFD")
        .replace(/[^A-Za-z ]/g, "")
        .toUpperCase()
        .split(" ")
        .filter((w) => w.length > 2)
        .map((w) => w[0])
        .join("")
        .padEnd(3, "X")
        .slice(0, 3);
      const yymmdd = `${digitString(random, 2)}${String(intBetween(random, 1, 12)).padStart(2, "0")}${String(intBetween(random, 1, 28)).padStart(2, "0")}`;
      return `${initials}${yymmdd}${letter(random)}${digitString(random, 1)}${letter(random)}`;
    }
    case "ES":
      return `B${digitString(random, 8)}`;
    case "CO":
      return `9${digitString(random, 8)}-${digitString(random, 1)}`;
    case "JP":
      return `T${digitString(random, 13)}`;
  }
}
