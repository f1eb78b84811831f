// What the offer search keeps in memory, and how it learns that it changed. Four caches: which
// offers match a search (the costly part), each offer's result card with its seats, a pupil's
// search profile (home, school, stage weeks), and whole answers, serialised, for identical
// searches by pupils in the same situation (same origin, dates, level, priority). The database announces every committed change to
// their sources on the channel tremplin_search (migration 0007_cache_changes): each API process
// drops what the change touched, so a search never shows what is no longer true, whichever
// process made the change. The time limit is only a backstop.
import type { DatabaseHandle, Executor } from '@tremplin/db';
import { MemoCache } from '../../lib/memo-cache.js';
import { offerCards, type OfferCard, type SearchMatch, type StudentProfile } from './repository.js';

export const SEARCH_CHANNEL = 'tremplin_search';

export class SearchCaches {
  readonly matches: MemoCache<SearchMatch>;
  /** Keyed by offer id and Paris day (a card lists the periods still to come). */
  readonly cards: MemoCache<OfferCard | undefined>;
  readonly profiles: MemoCache<StudentProfile | undefined>;
  /** Serialised answers (about 17 kB each for 20 offers): dropped with any match or card. */
  readonly pages: MemoCache<{ total: number; body: string }>;

  constructor(ttlMs: number) {
    this.matches = new MemoCache(ttlMs);
    this.cards = new MemoCache(ttlMs, 20_000);
    this.profiles = new MemoCache(ttlMs);
    this.pages = new MemoCache(ttlMs, 2000);
  }

  static cardKey(offerId: string, today: string): string {
    return `${offerId}|${today}`;
  }

  /** The cards of these offers, in their order; those not in memory are read together. */
  offerCards(
    db: Executor,
    offers: { id: string }[],
    today: string,
  ): Promise<(OfferCard | undefined)[]> {
    return this.cards.rememberMany(
      offers.map((o) => SearchCaches.cardKey(o.id, today)),
      async (keys) => {
        const found = await offerCards(db, {
          ids: keys.map((key) => key.slice(0, key.indexOf('|'))),
          today,
        });
        return new Map([...found].map(([id, card]) => [SearchCaches.cardKey(id, today), card]));
      },
    );
  }

  clear(): void {
    this.matches.clear();
    this.cards.clear();
    this.profiles.clear();
    this.pages.clear();
  }

  /** What a notification on tremplin_search says changed (see the migration). */
  changed(payload: string): void {
    const [source, ids] = payload.split(':', 2) as [string, string | undefined];
    // Every change below reaches a match or a card, hence the answers built from them.
    this.pages.clear();
    switch (source) {
      case 'offers':
      case 'offer_periods':
        this.matches.clear();
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
