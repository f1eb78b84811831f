// The shape every scoring function returns: a total in [0, 100] made of weighted criteria, each
// with its fit in [0, 1], so that a coordinator can read why a pair scores what it does, plus the
// hard rules it breaks (a pair that breaks one is not eligible, whatever its points).

export interface CriterionScore<Criterion extends string = string> {
  criterion: Criterion;
  /** How well this criterion is met, from 0 to 1. */
  fit: number;
  /** Points this criterion is worth at full fit. */
  weight: number;
  /** fit × weight. */
  points: number;
  /** A short fact behind the fit (`M1805 = M1805`, `3.2 km`), for display. */
  note?: string;
}

export interface ScoreBreakdown<Criterion extends string, Refusal extends string> {
  /** False when any hard rule is broken; such pairs are never recommended nor assigned. */
  eligible: boolean;
  /** Sum of the criteria's points (computed even when not eligible, for display). */
  score: number;
  criteria: CriterionScore<Criterion>[];
  /** The hard rules broken, empty when eligible. */
  refusals: Refusal[];
}

/** Checks weights once: they must be finite and non-negative for scores and bounds to hold. */
export function resolveWeights<Key extends string>(
  defaults: Readonly<Record<Key, number>>,
  overrides: Partial<Record<Key, number>> | undefined,
): Record<Key, number> {
  const weights = { ...defaults, ...overrides };
  for (const [key, value] of Object.entries(weights)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`weight "${key}" must be a finite non-negative number`);
    }
  }
  return weights;
}

export function roundKm(km: number): string {
  return `${km.toFixed(1)} km`;
}
