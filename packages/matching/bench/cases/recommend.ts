// "Offers for you" at département scale: top 20 among 10,000 offers for each of 1,000 pupils,
// through the spatial index and, for comparison, by a full scan. The index is built in setup
// (once per set of offers, as the API server would); the timed run is the 1,000 searches, so the
// time per pupil is medianMs / 1,000.
import { generateOffers, generateSeekers } from '../../src/generator/recommend-offers.js';
import { OfferIndex, rankOffers, type OfferSeeker } from '../../src/recommend/index.js';
import type { BenchCase } from '../types.js';

const SEED = 'bench-2025';
const PUPILS = 1_000;

interface Context {
  index: OfferIndex;
  seekers: OfferSeeker[];
  buildMs: number;
}

let shared: Context | null = null;
function context(): Context {
  if (shared === null) {
    const offers = generateOffers({ seed: SEED, offers: 10_000 });
    const start = performance.now();
    const index = new OfferIndex(offers);
    shared = {
      index,
      seekers: generateSeekers({ seed: SEED, seekers: PUPILS }),
      buildMs: performance.now() - start,
    };
  }
  return shared;
}

export const cases: BenchCase[] = [
  {
    name: 'recommend/top20',
    scale: 'departement',
    algorithm: 'grid of cell × trade-family buckets, best bound first',
    setup: context,
    run({ index, seekers, buildMs }: Context) {
      let scored = 0;
      for (const seeker of seekers) scored += index.search(seeker, { k: 20 }).offersScored;
      return {
        entries: seekers.length,
        extra: {
          offers: index.table.count,
          offersScoredPerPupil: Math.round(scored / seekers.length),
          indexBuildMs: Number(buildMs.toFixed(1)),
        },
      };
    },
  } satisfies BenchCase<Context>,
  {
    name: 'recommend/top20-full-scan',
    scale: 'departement',
    algorithm: 'every offer scored (reference)',
    runs: 3,
    setup: context,
    run({ index, seekers }: Context) {
      for (const seeker of seekers) rankOffers(index, seeker, { k: 20 });
      return { entries: seekers.length };
    },
  } satisfies BenchCase<Context>,
];
