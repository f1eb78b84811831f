// Queries of reference data: communes and trades.
import { and, asc, eq, ilike, sql } from 'drizzle-orm';
import { type Executor, likePattern, searchable } from '@tremplin/db';
import { communes, tradeDomains, trades } from '@tremplin/db/schema';

export function listCommunes(db: Executor) {
  return db
    .select({
      code: communes.code,
      name: communes.name,
      postalCodes: communes.postalCodes,
      lat: communes.lat,
      lon: communes.lon,
    })
    .from(communes)
    .orderBy(asc(communes.name));
}

export async function findCommune(db: Executor, params: { code: string }) {
  const [row] = await db
    .select({ code: communes.code, name: communes.name, lat: communes.lat, lon: communes.lon })
    .from(communes)
    .where(eq(communes.code, params.code));
  return row;
}

export function listTradeDomains(db: Executor) {
  return db
    .select({
      code: tradeDomains.code,
      label: tradeDomains.label,
      tradeCount: sql<number>`count(${trades.code})::int`,
    })
    .from(tradeDomains)
    .leftJoin(trades, eq(trades.domainCode, tradeDomains.code))
    .groupBy(tradeDomains.code)
    .orderBy(asc(tradeDomains.code));
}

export function searchTrades(db: Executor, params: { q?: string; domain?: string; limit: number }) {
  const words = params.q ? searchable(params.q).split(' ').filter(Boolean) : [];
  return db
    .select({ code: trades.code, label: trades.label, domainCode: trades.domainCode })
    .from(trades)
    .where(
      and(
        params.domain ? eq(trades.domainCode, params.domain) : undefined,
        // Every word must appear, in any order, accents and case ignored.
        ...words.map((word) => ilike(trades.searchText, likePattern(word))),
      ),
    )
    .orderBy(asc(trades.code))
    .limit(params.limit);
}

/** The codes among `codes` that are not fiches of the repertoire. */
export async function unknownTradeCodes(db: Executor, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .select({ code: trades.code })
    .from(trades)
    .where(sql`${trades.code} in ${codes}`);
  const known = new Set(rows.map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}
