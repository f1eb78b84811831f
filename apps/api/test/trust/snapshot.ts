// A snapshot of the seeded database that the trust tests go back to after every call, so each
// call meets the same data whatever the previous one did. Statement triggers note which tables a
// call touched; only those are compared (count and checksum against the snapshot) and restored.
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '@tremplin/db';

const REFERENCE_TABLES = new Set(['communes', 'trade_domains', 'trades', 'school_holidays']);
// Searches that found nothing are written a moment after the search (offers/empty-searches.ts),
// so they may land while a later request is being checked: not that request's doing.
const LATE_WRITTEN = new Set(['offer_searches']);

export interface TableChange {
  table: string;
  before: { rows: number; checksum: string };
  after: { rows: number; checksum: string };
}

export interface Snapshot {
  /** Tables written to since the snapshot (or the last restore), whatever the outcome. */
  touched(): Promise<string[]>;
  /** Touched tables whose content differs from the snapshot: rows and checksum, before and after. */
  changes(): Promise<TableChange[]>;
  /** Puts every touched table back as it was in the snapshot. */
  restore(): Promise<void>;
  /** Removes the triggers and the copies. */
  drop(): Promise<void>;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function takeSnapshot(db: Database): Promise<Snapshot> {
  const tables = (
    await queryRows<{ tablename: string }>(
      db,
      sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
    )
  )
    .map((r) => r.tablename)
    .filter((t) => !REFERENCE_TABLES.has(t) && !LATE_WRITTEN.has(t) && !t.startsWith('__'));
  const columns = new Map<string, string>();
  for (const row of await queryRows<{ table_name: string; cols: string }>(
    db,
    sql`select table_name, string_agg(quote_ident(column_name), ', ' order by ordinal_position) as cols
        from information_schema.columns
        where table_schema = 'public' and is_generated = 'NEVER'
        group by table_name`,
  )) {
    columns.set(row.table_name, row.cols);
  }
  await db.execute(sql.raw('drop schema if exists trust_snapshot cascade'));
  await db.execute(sql.raw('create schema trust_snapshot'));
  await db.execute(sql.raw('create table trust_snapshot.touched (name text primary key)'));
  await db.execute(
    sql.raw(`create function trust_snapshot.note() returns trigger language plpgsql as $$
      begin
        insert into trust_snapshot.touched values (tg_table_name) on conflict do nothing;
        return null;
      end $$`),
  );
  for (const table of tables) {
    const cols = columns.get(table)!;
    await db.execute(
      sql.raw(`create table trust_snapshot.${q(table)} as select ${cols} from public.${q(table)}`),
    );
    await db.execute(
      sql.raw(
        `create trigger trust_snapshot_touched after insert or update or delete or truncate
         on public.${q(table)} for each statement execute function trust_snapshot.note()`,
      ),
    );
  }

  const touched = async () =>
    (
      await queryRows<{ name: string }>(
        db,
        sql`select name from trust_snapshot.touched order by name`,
      )
    ).map((r) => r.name);

  const summary = async (schema: string, table: string, cols: string) => {
    const [row] = await queryRows<{ rows: number; checksum: string | null }>(
      db,
      sql.raw(
        `select count(*)::int as rows,
           md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as checksum
         from (select ${cols} from ${schema}.${q(table)}) x`,
      ),
    );
    return { rows: row!.rows, checksum: row!.checksum ?? '' };
  };

  return {
    touched,
    async changes() {
      const out: TableChange[] = [];
      for (const table of await touched()) {
        const cols = columns.get(table)!;
        const before = await summary('trust_snapshot', table, cols);
        const after = await summary('public', table, cols);
        if (before.rows !== after.rows || before.checksum !== after.checksum) {
          out.push({ table, before, after });
        }
      }
      return out;
    },
    async restore() {
      const list = await touched();
      if (list.length === 0) return;
      await db.transaction(async (tx) => {
        // Foreign keys and triggers (ours included) are not checked while the copies go back.
        await tx.execute(sql.raw('set local session_replication_role = replica'));
        for (const table of list) {
          const cols = columns.get(table)!;
          await tx.execute(sql.raw(`delete from public.${q(table)}`));
          await tx.execute(
            sql.raw(
              `insert into public.${q(table)} (${cols}) select ${cols} from trust_snapshot.${q(table)}`,
            ),
          );
        }
        await tx.execute(sql.raw('delete from trust_snapshot.touched'));
      });
    },
    async drop() {
      for (const table of tables) {
        await db.execute(
          sql.raw(`drop trigger if exists trust_snapshot_touched on public.${q(table)}`),
        );
      }
      await db.execute(sql.raw('drop schema if exists trust_snapshot cascade'));
    },
  };
}
