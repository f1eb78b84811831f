// What the mentoring, visit, offer and team generators share: the real ROME fiches, places
// jittered around the real commune centroids of Val-de-Marne, and the school year's days.

import { communes94, type CommuneCentroid } from './communes-94.js';
import type { Random } from './random.js';

// The 532 fiches of ROME v3.46 (packages/db/data/rome-fiches.csv) as domaine professionnel and
// number of fiches: every domaine numbers its fiches 01..n without gaps, so this is lossless.
const ROME_DOMAINES =
  'A11:1 A12:5 A13:3 A14:17 A15:4 B11:1 B12:1 B13:3 B14:2 B15:1 B16:4 B17:1 B18:6 C11:10 C12:7 ' +
  'C13:3 C14:1 C15:4 D11:7 D12:14 D13:1 D14:8 D15:9 E11:8 E12:5 E13:8 E14:2 F11:8 F12:4 F13:2 ' +
  'F14:2 F15:3 F16:13 F17:6 G11:2 G12:6 G13:3 G14:4 G15:3 G16:5 G17:3 G18:4 H11:2 H12:10 H13:3 ' +
  'H14:4 H15:6 H21:2 H22:9 H23:1 H24:15 H25:5 H26:5 H27:1 H28:5 H29:14 H31:2 H32:3 H33:3 H34:4 ' +
  'I11:3 I12:3 I13:10 I14:2 I15:3 I16:7 J11:4 J12:2 J13:7 J14:12 J15:7 K11:4 K12:7 K13:5 K14:5 ' +
  'K15:5 K16:2 K17:7 K18:2 K19:4 K21:12 K22:4 K23:6 K24:2 K25:3 K26:3 L11:3 L12:4 L13:4 L14:1 ' +
  'L15:10 M11:2 M12:7 M13:2 M14:4 M15:3 M16:9 M17:7 M18:10 N11:5 N12:2 N13:3 N21:2 N22:5 N31:3 ' +
  'N32:3 N41:5 N42:4 N43:2 N44:3';

export const romeFiches: readonly string[] = ROME_DOMAINES.split(' ').flatMap((entry) => {
  const [domaine, count] = entry.split(':') as [string, string];
  return Array.from(
    { length: Number(count) },
    (_, k) => `${domaine}${String(k + 1).padStart(2, '0')}`,
  );
});

/**
 * Rough weight of each grand domaine among local offers and professionals: commerce, hotels and
 * restaurants, support functions, health, building and logistics dominate a suburban economy.
 */
const GRAND_DOMAINE_WEIGHT: Readonly<Record<string, number>> = {
  A: 2,
  B: 1,
  C: 4,
  D: 12,
  E: 3,
  F: 9,
  G: 9,
  H: 6,
  I: 7,
  J: 10,
  K: 10,
  L: 2,
  M: 14,
  N: 9,
};

const fichesByLetter = new Map<string, string[]>();
for (const code of romeFiches) {
  const letter = code.slice(0, 1);
  fichesByLetter.set(letter, [...(fichesByLetter.get(letter) ?? []), code]);
}
const letters = [...fichesByLetter.keys()];
const letterTotal = letters.reduce((sum, letter) => sum + (GRAND_DOMAINE_WEIGHT[letter] ?? 1), 0);

/** A ROME fiche drawn by grand domaine weight, then uniformly within it. */
export function pickFiche(random: Random): string {
  let draw = random.next() * letterTotal;
  for (const letter of letters) {
    draw -= GRAND_DOMAINE_WEIGHT[letter] ?? 1;
    if (draw < 0) return random.pick(fichesByLetter.get(letter)!);
  }
  return random.pick(romeFiches);
}

/**
 * `count` distinct fiches; after the first, each stays in the same domaine professionnel or grand
 * domaine with some probability, because interests and jobs cluster.
 */
export function pickTrades(random: Random, count: number): string[] {
  const codes: string[] = [];
  while (codes.length < count) {
    const first = codes[0];
    let code: string;
    if (first !== undefined && random.chance(0.6)) {
      const sameLetter = fichesByLetter.get(first.slice(0, 1))!;
      const sameDomaine = sameLetter.filter((c) => c.startsWith(first.slice(0, 3)));
      code = random.pick(random.chance(0.5) && sameDomaine.length > 1 ? sameDomaine : sameLetter);
    } else {
      code = pickFiche(random);
    }
    if (!codes.includes(code)) codes.push(code);
  }
  return codes;
}

export interface Place {
  lat: number;
  lon: number;
  commune: CommuneCentroid;
}

const KM_PER_DEGREE = 111.195;

/** A point around a commune's centroid, jittered by a normal spread of `spreadKm`. */
export function placeIn(random: Random, commune: CommuneCentroid, spreadKm = 0.8): Place {
  const lat = commune.lat + (random.normal() * spreadKm) / KM_PER_DEGREE;
  const lon =
    commune.lon +
    (random.normal() * spreadKm) / (KM_PER_DEGREE * Math.cos((commune.lat * Math.PI) / 180));
  return { lat, lon, commune };
}

/** A point in a random commune of the département. */
export function randomPlace(random: Random, spreadKm?: number): Place {
  return placeIn(random, random.pick(communes94), spreadKm);
}

export function isoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * School days (Monday to Friday outside holidays) of the 2025–2026 year in académie de Créteil
 * (zone C), as day numbers. Close enough to the official calendar for generated data.
 */
export const schoolDays: readonly number[] = (() => {
  const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const holidays: [number, number][] = [
    [day('2025-10-18'), day('2025-11-02')],
    [day('2025-12-20'), day('2026-01-04')],
    [day('2026-02-21'), day('2026-03-08')],
    [day('2026-04-18'), day('2026-05-03')],
    [day('2026-05-14'), day('2026-05-15')],
  ];
  const days: number[] = [];
  for (let d = day('2025-09-01'); d <= day('2026-06-30'); d++) {
    const weekday = new Date(d * 86_400_000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    if (holidays.some(([from, to]) => d >= from && d <= to)) continue;
    days.push(d);
  }
  return days;
})();

/** Mondays of whole school weeks (five school days in a row), as day numbers. */
export const schoolWeekMondays: readonly number[] = schoolDays.filter((d) => {
  const index = schoolDays.indexOf(d);
  return new Date(d * 86_400_000).getUTCDay() === 1 && schoolDays[index + 4] === d + 4;
});
