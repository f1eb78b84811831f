// Seeded campaigns for tests and benchmarks, shaped like the real thing: students around their
// schools (REP+ and REP schools concentrated in some areas), offers around economic centres with
// skewed capacities (many one- or two-seat offers, a few with tens), and wish lists correlated with
// distance and offer popularity. Two presets: Val-de-Marne (on the 47 real commune centroids) and
// a national scale (synthetic cities anywhere in a France-sized box).
import type {
  AllocationCompany,
  AllocationInstance,
  AllocationOffer,
  AllocationStudent,
} from '../allocation/types.js';
import { communes94 } from './communes-94.js';
import { createRandom } from './random.js';
import type { Random, Seed } from './random.js';

export interface AllocationGeneratorOptions {
  seed: Seed;
  /** 'departement' (Val-de-Marne) or 'national'; sets the defaults below. */
  scale?: 'departement' | 'national';
  students?: number;
  offers?: number;
  /** Total seats over all offers (exact). */
  seats?: number;
  /** Mean wishes per student (each student has 1 to maxWishes). */
  meanWishes?: number;
  maxWishes?: number;
  /** Share of students in REP+ and in REP schools (defaults 0.09 and 0.18). */
  repPlusShare?: number;
  repShare?: number;
  /** Share of seats reserved for REP+/REP students (default 0: no reserved seats). */
  reservedShare?: number;
  /** Share of offers grouped into capped multi-offer companies (default 0: none). */
  companyShare?: number;
  /** A company's cap as a share of its offers' seats (default 0.6, so caps bind). */
  companyCapRatio?: number;
  /** Share of offers (outside companies) that rank their applicants themselves (default 0). */
  rankingShare?: number;
  /** Share of a ranking offer's applicants it leaves unranked (default 0.1). */
  unrankedShare?: number;
}

interface ScalePreset {
  students: number;
  offers: number;
  seats: number;
  /** Typical distance a wish reaches, km. */
  reachKm: number;
  /** Grid cell for sampling nearby offers, km. */
  cellKm: number;
}

export const ALLOCATION_SCALES: Readonly<Record<'departement' | 'national', ScalePreset>> = {
  departement: { students: 20_000, offers: 10_000, seats: 25_000, reachKm: 4, cellKm: 1 },
  national: { students: 850_000, offers: 425_000, seats: 1_062_500, reachKm: 12, cellKm: 6 },
};

const KM_PER_DEGREE_LAT = 111.2;

interface Place {
  lat: number;
  lon: number;
  /** Relative size: population or economic weight. */
  weight: number;
  /** Spread of people and firms around it, km. */
  spreadKm: number;
  /** Propensity of its schools to be in priority networks. */
  deprivation: number;
}

function departementPlaces(random: Random): Place[] {
  return communes94.map((commune) => ({
    lat: commune.lat,
    lon: commune.lon,
    weight: Math.exp(random.normal() * 0.6),
    spreadKm: 1.1,
    deprivation: random.normal(),
  }));
}

function nationalPlaces(random: Random): Place[] {
  // Synthetic cities with Zipf-like sizes; bigger cities spread wider.
  const places: Place[] = [];
  for (let i = 0; i < 1500; i++) {
    const weight = 1 / (i + 1) ** 0.9;
    places.push({
      lat: 42.4 + random.next() * 8.6,
      lon: -4.6 + random.next() * 12.6,
      weight,
      spreadKm: 2 + 10 * Math.sqrt(weight),
      deprivation: random.normal(),
    });
  }
  return places;
}

/** Cumulative weights, for picking by binary search. */
function cumulative(weights: ArrayLike<number>): Float64Array {
  const sums = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i] as number;
    sums[i] = total;
  }
  return sums;
}

/** Index i in [from, to) with sums[i - 1] <= target < sums[i] (sums cumulative). */
function searchCumulative(sums: Float64Array, from: number, to: number, target: number): number {
  let low = from;
  let high = to - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sums[mid] as number) > target) high = mid;
    else low = mid + 1;
  }
  return low;
}

function pickWeighted(random: Random, sums: Float64Array): number {
  return searchCumulative(sums, 0, sums.length, random.next() * (sums[sums.length - 1] as number));
}

/** Skewed seat counts summing exactly to `total`. */
function seatCounts(random: Random, offers: number, total: number): Int32Array {
  const seats = new Int32Array(offers);
  let sum = 0;
  for (let o = 0; o < offers; o++) {
    const u = random.next();
    const value =
      u < 0.42
        ? 1
        : u < 0.7
          ? 2
          : u < 0.82
            ? 3
            : u < 0.89
              ? 4
              : u < 0.98
                ? random.intBetween(5, 9)
                : random.intBetween(10, 40);
    seats[o] = value;
    sum += value;
  }
  // Nudge towards the exact total without flattening the skew: remove from or add to offers
  // that already have two seats or more.
  let guard = 0;
  while (sum !== total && offers > 0 && guard++ < 100 * offers + 1000) {
    const o = random.int(offers);
    const value = seats[o] as number;
    if (sum > total && value > 1) {
      seats[o] = value - 1;
      sum--;
    } else if (sum < total && (value >= 2 || random.chance(0.05))) {
      seats[o] = value + 1;
      sum++;
    }
  }
  return seats;
}

function pad(prefix: string, value: number, width: number): string {
  return prefix + String(value).padStart(width, '0');
}

/** Generates a campaign. Same options and seed, same campaign. */
export function generateAllocationInstance(
  options: AllocationGeneratorOptions,
): AllocationInstance {
  const preset = ALLOCATION_SCALES[options.scale ?? 'departement'];
  const studentCount = options.students ?? preset.students;
  const offerCount = options.offers ?? preset.offers;
  const seatTotal = options.seats ?? Math.round((offerCount * preset.seats) / preset.offers);
  const meanWishes = options.meanWishes ?? 5.9;
  const maxWishes = options.maxWishes ?? 10;
  const repPlusShare = options.repPlusShare ?? 0.09;
  const repShare = options.repShare ?? 0.18;
  const reachKm = preset.reachKm;
  const random = createRandom(options.seed);
  const placeRandom = random.fork('places');
  const places =
    options.scale === 'national' ? nationalPlaces(placeRandom) : departementPlaces(placeRandom);
  const placeSums = cumulative(places.map((place) => place.weight));

  const jitter = (place: Place, r: Random): { lat: number; lon: number } => {
    const kmPerDegreeLon = KM_PER_DEGREE_LAT * Math.cos((place.lat * Math.PI) / 180);
    return {
      lat: Math.round((place.lat + (r.normal() * place.spreadKm) / KM_PER_DEGREE_LAT) * 1e5) / 1e5,
      lon: Math.round((place.lon + (r.normal() * place.spreadKm) / kmPerDegreeLon) * 1e5) / 1e5,
    };
  };

  // Schools: about 140 students each; priority networks where deprivation is highest.
  const schoolRandom = random.fork('schools');
  const schoolCount = Math.max(1, Math.round(studentCount / 140));
  const schoolPlace = new Int32Array(schoolCount);
  const schoolScore = new Float64Array(schoolCount);
  const schoolSize = new Float64Array(schoolCount);
  for (let i = 0; i < schoolCount; i++) {
    const p = pickWeighted(schoolRandom, placeSums);
    schoolPlace[i] = p;
    schoolScore[i] = (places[p] as Place).deprivation + 0.5 * schoolRandom.normal();
    schoolSize[i] = 0.5 + schoolRandom.next();
  }
  const schoolSums = cumulative(schoolSize);
  const studentSchool = new Int32Array(studentCount);
  const enrolled = new Int32Array(schoolCount);
  for (let j = 0; j < studentCount; j++) {
    const school = pickWeighted(schoolRandom, schoolSums);
    studentSchool[j] = school;
    (enrolled[school] as number)++;
  }
  const schoolClass: string[] = new Array<string>(schoolCount).fill('other');
  {
    const byDeprivation = Array.from({ length: schoolCount }, (_, i) => i).sort(
      (a, b) => (schoolScore[b] as number) - (schoolScore[a] as number),
    );
    let covered = 0;
    for (const school of byDeprivation) {
      const share = covered / Math.max(1, studentCount);
      if (share >= repPlusShare + repShare) break;
      schoolClass[school] = share < repPlusShare ? 'rep-plus' : 'rep';
      covered += enrolled[school] as number;
    }
  }

  // Offers: around economic centres, with a popularity that drives how often they are wished.
  const offerRandom = random.fork('offers');
  const seats = seatCounts(offerRandom, offerCount, seatTotal);
  const offerLat = new Float64Array(offerCount);
  const offerLon = new Float64Array(offerCount);
  const popularity = new Float64Array(offerCount);
  const offers: AllocationOffer[] = new Array<AllocationOffer>(offerCount);
  const width = String(Math.max(offerCount, 1)).length;
  for (let o = 0; o < offerCount; o++) {
    const place = places[pickWeighted(offerRandom, placeSums)] as Place;
    const { lat, lon } = jitter(place, offerRandom);
    offerLat[o] = lat;
    offerLon[o] = lon;
    popularity[o] = Math.exp(offerRandom.normal() * 0.9);
    offers[o] = { id: pad('o', o, width), seats: seats[o] as number, lat, lon };
  }
  if ((options.reservedShare ?? 0) > 0) {
    const share = options.reservedShare as number;
    for (const offer of offers) {
      const reserved = Math.min(offer.seats, Math.floor(offer.seats * share + offerRandom.next()));
      if (reserved > 0) offer.reservedSeats = reserved;
    }
  }

  // Spatial grid of offers (cells of cellKm), with cumulative popularity in cell order.
  const cellKm = preset.cellKm;
  let minLat = Infinity;
  let minLon = Infinity;
  let maxLat = -Infinity;
  let maxLon = -Infinity;
  for (let o = 0; o < offerCount; o++) {
    minLat = Math.min(minLat, offerLat[o] as number);
    maxLat = Math.max(maxLat, offerLat[o] as number);
    minLon = Math.min(minLon, offerLon[o] as number);
    maxLon = Math.max(maxLon, offerLon[o] as number);
  }
  const midLat = offerCount > 0 ? (minLat + maxLat) / 2 : 48.8;
  const kmPerDegreeLon = KM_PER_DEGREE_LAT * Math.cos((midLat * Math.PI) / 180);
  const cellLat = cellKm / KM_PER_DEGREE_LAT;
  const cellLon = cellKm / kmPerDegreeLon;
  const nx = offerCount > 0 ? Math.floor((maxLon - minLon) / cellLon) + 1 : 1;
  const ny = offerCount > 0 ? Math.floor((maxLat - minLat) / cellLat) + 1 : 1;
  const cellOf = (lat: number, lon: number): number => {
    const cx = Math.floor((lon - minLon) / cellLon);
    const cy = Math.floor((lat - minLat) / cellLat);
    return cx < 0 || cy < 0 || cx >= nx || cy >= ny ? -1 : cy * nx + cx;
  };
  const cellStart = new Int32Array(nx * ny + 1);
  for (let o = 0; o < offerCount; o++) {
    (cellStart[cellOf(offerLat[o] as number, offerLon[o] as number) + 1] as number)++;
  }
  for (let c = 0; c < nx * ny; c++) {
    cellStart[c + 1] = (cellStart[c + 1] as number) + (cellStart[c] as number);
  }
  const cellOffer = new Int32Array(offerCount);
  {
    const cursor = cellStart.slice(0, nx * ny);
    for (let o = 0; o < offerCount; o++) {
      const c = cellOf(offerLat[o] as number, offerLon[o] as number);
      const at = cursor[c] as number;
      cursor[c] = at + 1;
      cellOffer[at] = o;
    }
  }
  const cellSums = cumulative(Array.from(cellOffer, (o) => popularity[o] as number));

  // Students and their wishes.
  const studentRandom = random.fork('students');
  const students: AllocationStudent[] = new Array<AllocationStudent>(studentCount);
  const studentWidth = String(Math.max(studentCount, 1)).length;
  const binomialP = Math.min(1, Math.max(0, (meanWishes - 1) / (maxWishes - 1)));
  const chosen: number[] = [];
  const utility: number[] = [];
  const seen = new Int32Array(offerCount).fill(-1);
  for (let j = 0; j < studentCount; j++) {
    const school = studentSchool[j] as number;
    const place = places[schoolPlace[school] as number] as Place;
    const { lat, lon } = jitter(place, studentRandom);
    let wishCount = 1;
    for (let t = 1; t < maxWishes; t++) if (studentRandom.next() < binomialP) wishCount++;
    wishCount = Math.min(wishCount, offerCount);
    chosen.length = 0;
    utility.length = 0;
    let attempts = 0;
    while (chosen.length < wishCount && attempts < wishCount * 30) {
      attempts++;
      // Most wishes are near home, some further away; after many misses (empty cells), anywhere.
      const reach = studentRandom.chance(0.8) ? reachKm : reachKm * 3;
      let o: number;
      if (attempts <= wishCount * 20) {
        const tLat = lat + (studentRandom.normal() * reach) / KM_PER_DEGREE_LAT;
        const tLon = lon + (studentRandom.normal() * reach) / kmPerDegreeLon;
        const c = cellOf(tLat, tLon);
        if (c < 0) continue;
        const from = cellStart[c] as number;
        const to = cellStart[c + 1] as number;
        if (from === to) continue;
        const low = from === 0 ? 0 : (cellSums[from - 1] as number);
        const target = low + studentRandom.next() * ((cellSums[to - 1] as number) - low);
        o = cellOffer[searchCumulative(cellSums, from, to, target)] as number;
      } else {
        o = cellOffer[pickWeighted(studentRandom, cellSums)] as number;
      }
      if (seen[o] === j) continue;
      seen[o] = j;
      chosen.push(o);
      const dLat = ((offerLat[o] as number) - lat) * KM_PER_DEGREE_LAT;
      const dLon = ((offerLon[o] as number) - lon) * kmPerDegreeLon;
      const distance = Math.sqrt(dLat * dLat + dLon * dLon);
      const gumbel = -Math.log(-Math.log(studentRandom.next() * 0.999998 + 0.000001));
      utility.push(Math.log(popularity[o] as number) - distance / reachKm + gumbel);
    }
    const order = chosen
      .map((_, i) => i)
      .sort((a, b) => (utility[b] as number) - (utility[a] as number));
    students[j] = {
      id: pad('s', j, studentWidth),
      wishes: order.map((i) => (offers[chosen[i] as number] as AllocationOffer).id),
      priorityClass: schoolClass[school] as string,
      lat,
      lon,
    };
  }

  // Companies: runs of nearby offers (grid order) grouped, with a cap below their total seats.
  const companies: AllocationCompany[] = [];
  const companyShare = options.companyShare ?? 0;
  if (companyShare > 0) {
    const companyRandom = random.fork('companies');
    const ratio = options.companyCapRatio ?? 0.6;
    let i = 0;
    while (i < offerCount) {
      if (!companyRandom.chance(companyShare / 4.5)) {
        i++;
        continue;
      }
      const size = Math.min(offerCount - i, companyRandom.intBetween(2, 7));
      const id = pad('c', companies.length, 6);
      let total = 0;
      for (let t = 0; t < size; t++) {
        const offer = offers[cellOffer[i + t] as number] as AllocationOffer;
        offer.companyId = id;
        total += offer.seats;
      }
      companies.push({ id, seats: Math.ceil(total * ratio) });
      i += size;
    }
    // A company with a cap cannot also have reserved seats in one run (see compile.ts).
    for (const offer of offers) if (offer.companyId !== undefined) delete offer.reservedSeats;
  }

  // Offers ranking applicants themselves: their applicants in a random order, some left out.
  const rankingShare = options.rankingShare ?? 0;
  if (rankingShare > 0) {
    const rankingRandom = random.fork('rankings');
    const unranked = options.unrankedShare ?? 0.1;
    const applicants = new Map<string, string[]>();
    for (const offer of offers) {
      if (offer.companyId === undefined && rankingRandom.chance(rankingShare)) {
        applicants.set(offer.id, []);
      }
    }
    for (const student of students) {
      for (const wish of student.wishes) applicants.get(wish)?.push(student.id);
    }
    for (const offer of offers) {
      const list = applicants.get(offer.id);
      if (list === undefined) continue;
      offer.ranking = rankingRandom.shuffle(list).filter(() => !rankingRandom.chance(unranked));
    }
  }

  return companies.length > 0 ? { students, offers, companies } : { students, offers };
}
