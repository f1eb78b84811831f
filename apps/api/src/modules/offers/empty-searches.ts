// Searches that found nothing feed the observatory (demand without supply). Writing one row per
// empty search made every such search wait for a commit: they are gathered here and written
// together, at most a second later (or at once past 500), and when the API closes. A row that
// cannot be written (database down) is counted in the log and dropped: it is a statistic, and
// the search it describes has already been answered.
import type { Executor } from '@tremplin/db';
import type { SchoolLevel } from '@tremplin/contracts';
import { recordEmptySearches } from './repository.js';

export interface EmptySearch {
  tradeCodes: string[];
  communeCode: string | null;
  level: SchoolLevel | null;
}

export class EmptySearchLog {
  private pending: (EmptySearch & { at: Date })[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Executor,
    private readonly options: { flushMs: number; onLost: (count: number, error: unknown) => void },
  ) {}

  record(search: EmptySearch): void {
    this.pending.push({ ...search, at: new Date() });
    if (this.pending.length >= 500) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs).unref();
  }

  /** Writes what is pending; resolves once every write begun so far is done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending;
    this.pending = [];
    if (rows.length > 0) {
      this.writing = this.writing.then(() =>
        recordEmptySearches(this.db, rows).catch((error: unknown) =>
          this.options.onLost(rows.length, error),
        ),
      );
    }
    return this.writing;
  }
}
