// Trade fit through the ROME hierarchy. A fiche code such as `M1805` names a trade; its first three
// characters (`M18`) the domaine professionnel; its first letter (`M`) the grand domaine. Two
// people or a person and an offer are as close as the closest pair of their codes.

export type TradeMatch = 'fiche' | 'domaine' | 'grand-domaine' | 'none';

/** Fit of each level, in [0, 1]; `none` is 0. */
export const TRADE_FIT: Readonly<Record<TradeMatch, number>> = {
  fiche: 1,
  domaine: 0.6,
  'grand-domaine': 0.25,
  none: 0,
};

/** How close two ROME codes are. */
export function compareTrades(a: string, b: string): TradeMatch {
  if (a === b) return 'fiche';
  if (a.slice(0, 3) === b.slice(0, 3)) return 'domaine';
  if (a.slice(0, 1) === b.slice(0, 1)) return 'grand-domaine';
  return 'none';
}

export interface TradeFit {
  match: TradeMatch;
  fit: number;
  /** The closest pair of codes, when any level matched. */
  codes?: readonly [string, string];
}

/** The closest match between two lists of codes (the first closest pair in list order). */
export function tradeFit(wanted: readonly string[], offered: readonly string[]): TradeFit {
  let best: TradeFit = { match: 'none', fit: 0 };
  for (const a of wanted) {
    for (const b of offered) {
      const match = compareTrades(a, b);
      const fit = TRADE_FIT[match];
      if (fit > best.fit) {
        best = { match, fit, codes: [a, b] };
        if (match === 'fiche') return best;
      }
    }
  }
  return best;
}

/**
 * Codes turned into small integers once, so that hot loops compare numbers: one id space per
 * level of the hierarchy.
 */
export class TradeCodebook {
  private readonly fiches = new Map<string, number>();
  private readonly domaines = new Map<string, number>();
  private readonly letters = new Map<string, number>();

  /** Ids of a code at the three levels; `intern` adds unknown codes, `lookup` gives -1 for them. */
  intern(code: string): [fiche: number, domaine: number, letter: number] {
    return [
      internIn(this.fiches, code),
      internIn(this.domaines, code.slice(0, 3)),
      internIn(this.letters, code.slice(0, 1)),
    ];
  }

  lookup(code: string): [fiche: number, domaine: number, letter: number] {
    return [
      this.fiches.get(code) ?? -1,
      this.domaines.get(code.slice(0, 3)) ?? -1,
      this.letters.get(code.slice(0, 1)) ?? -1,
    ];
  }
}

function internIn(map: Map<string, number>, key: string): number {
  let id = map.get(key);
  if (id === undefined) {
    id = map.size;
    map.set(key, id);
  }
  return id;
}
