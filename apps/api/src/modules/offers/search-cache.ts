// What the offer search keeps in memory, and how it learns that it changed. Four caches: which
// offers match a search's filters (the costly part, shared by pupils wherever they live: the
// distance and order are worked out in memory), each offer's result card with its seats, a
// pupil's search profile (home, school, stage weeks), and whole answers, serialised, for
// identical searches by pupils in the same situation (same origin, dates, level, priority). The database announces every committed change to
// their sources on the channel tremplin_search (migration 0007_cache_changes): each API process
// drops what the change touched, so a search never shows what is no longer true, whichever
// process made the change. The time limit is only a backstop.
import type { DatabaseHandle, Executor } from '@tremplin/db';
import { MemoCache } from '../../lib/memo-cache.js';
import {
  offerCards,
  type OfferCard,
  type SearchCandidate,
  type StudentProfile,
} from './repository.js';

export const SEARCH_CHANNEL = 'tremplin_search';
/** Cards read by one statement at most. */
const MAX_CARD_BATCH = 500;

interface CardBatch {
  db: Executor;
  today: string;
  ids: Set<string>;
  read: Promise<Map<string, OfferCard>>;
}

export class SearchCaches {
  /** Keyed by filters; a few hundred lists (at most one row per published offer each). */
  readonly candidates: MemoCache<SearchCandidate[]>;
  /** Keyed by offer id and Paris day (a card lists the periods still to come). */
  readonly cards: MemoCache<OfferCard | undefined>;
  readonly profiles: MemoCache<StudentProfile | undefined>;
  /**
   * Answers serialised and encoded (about 17 kB each for 20 offers), sent as they are: dropped
   * with any candidate or card.
   */
  readonly pages: MemoCache<{ total: number; body: Buffer }>;

  /** `readCardsOf` is the statement that reads cards (repository.offerCards). */
  constructor(
    ttlMs: number,
    private readonly readCardsOf: typeof offerCards = offerCards,
  ) {
    this.candidates = new MemoCache(ttlMs, 500);
    this.cards = new MemoCache(ttlMs, 20_000);
    this.profiles = new MemoCache(ttlMs);
    this.pages = new MemoCache(ttlMs, 2000);
  }

  static cardKey(offerId: string, today: string): string {
    return `${offerId}|${today}`;
  }

  /**
   * The cards of these offers, in their order. Those not in memory are read together, and with
   * those other searches miss in the same turn of the event loop: when many pupils search at once
   * (the morning a class begins), one statement reads the cards of all their pages.
   */
  offerCards(
    db: Executor,
    offers: { id: string }[],
    today: string,
  ): Promise<(OfferCard | undefined)[]> {
    return this.cards.rememberMany(
      offers.map((o) => SearchCaches.cardKey(o.id, today)),
      async (keys) => {
        const ids = keys.map((key) => key.slice(0, key.indexOf('|')));
        const found = await this.readCards(db, ids, today);
        return new Map(ids.map((id, i) => [keys[i]!, found.get(id)]));
      },
    );
  }

  /** Card ids asked in this turn of the event loop, read together at its end. */
  private pendingCards: CardBatch | undefined;

  private readCards(db: Executor, ids: string[], today: string) {
    let batch = this.pendingCards;
    if (!batch || batch.db !== db || batch.today !== today || batch.ids.size >= MAX_CARD_BATCH) {
      const ids = new Set<string>();
      const read = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.pendingCards?.ids === ids) this.pendingCards = undefined;
        return this.readCardsOf(db, { ids: [...ids], today });
      });
      batch = this.pendingCards = { db, today, ids, read };
    }
    for (const id of ids) batch.ids.add(id);
    return batch.read;
  }

  clear(): void {
    this.candidates.clear();
    this.cards.clear();
    this.profiles.clear();
    this.pages.clear();
  }

  /** What a notification on tremplin_search says changed (see the migration). */
  changed(payload: string): void {
    const [source, ids] = payload.split(':', 2) as [string, string | undefined];
    // Every change below reaches a candidate or a card, hence the answers built from them.
    this.pages.clear();
    switch (source) {
      case 'offers':
      case 'offer_periods':
        this.candidates.clear();
        this.cards.clear();
        break;
      case 'companies':
        this.cards.clear();
        break;
      case 'applications':
        if (ids) {
          // Cards are keyed by day too: drop every day's card of these offers.
          const offers = new Set(ids.split(','));
          this.cards.deleteWhere((key) => offers.has(key.slice(0, key.indexOf('|'))));
        } else {
          this.cards.clear();
        }
        break;
      case 'students':
      case 'schools':
      case 'stage_weeks':
        // A pupil's school decides whether their accepted place counts as a reserved one.
        this.profiles.clear();
        this.cards.clear();
        break;
      default:
        this.clear();
    }
  }

  /**
   * Follows the database's announcements. Each (re)connection of the listener forgets
   * everything, since what was announced while it was away is lost. Resolves to a function
   * that stops listening.
   */
  async follow(handle: DatabaseHandle): Promise<() => Promise<void>> {
    return handle.listen(
      SEARCH_CHANNEL,
      (payload) => this.changed(payload),
      () => this.clear(),
    );
  }
}
