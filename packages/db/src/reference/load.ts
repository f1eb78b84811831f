// Loads the reference data shipped in packages/db/data (communes with their centroids, the ROME
// grands domaines and fiches) into the database. Idempotent: run at every start-up, it only writes
// what is missing or changed, so PostgreSQL deployments get it without the demo seed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { parseCsv } from '../csv.js';
import { dataFolder } from '../paths.js';
import { communes, schoolHolidays, tradeDomains, trades } from '../schema/index.js';
import { searchable } from '../text.js';

type Ring = [number, number][];
interface CommuneFeature {
  properties: { code: string; nom: string };
  geometry:
    { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

/** Area-weighted centroid of a ring (shoelace formula), with its signed area. */
function ringCentroid(ring: Ring): { lon: number; lat: number; area: number } {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  area /= 2;
  return { lon: cx / (6 * area), lat: cy / (6 * area), area: Math.abs(area) };
}

/** Centroid of a commune: of its outer ring, or of its largest part when it has several. */
export function communeCentroid(feature: CommuneFeature): { lat: number; lon: number } {
  const outers =
    feature.geometry.type === 'Polygon'
      ? [feature.geometry.coordinates[0]!]
      : feature.geometry.coordinates.map((polygon) => polygon[0]!);
  const parts = outers.map(ringCentroid).sort((a, b) => b.area - a.area);
  const largest = parts[0]!;
  return { lat: Math.round(largest.lat * 1e6) / 1e6, lon: Math.round(largest.lon * 1e6) / 1e6 };
}

export function readReferenceData() {
  const geo = JSON.parse(readFileSync(join(dataFolder, 'communes-94.geojson'), 'utf8')) as {
    features: CommuneFeature[];
  };
  const communeRows = geo.features.map((feature) => ({
    code: feature.properties.code,
    name: feature.properties.nom,
    department: feature.properties.code.slice(0, 2),
    ...communeCentroid(feature),
    searchText: searchable(feature.properties.nom),
  }));
  const domains = parseCsv(readFileSync(join(dataFolder, 'rome-grands-domaines.csv'), 'utf8'));
  const domainRows = domains.rows.map(({ cells: [code = '', label = ''] }) => ({ code, label }));
  const fiches = parseCsv(readFileSync(join(dataFolder, 'rome-fiches.csv'), 'utf8'));
  const tradeRows = fiches.rows.map(({ cells: [code = '', label = '', domainCode = ''] }) => ({
    code,
    label,
    domainCode,
    searchText: searchable(`${code} ${label}`),
  }));
  const holidays = parseCsv(readFileSync(join(dataFolder, 'school-holidays-zone-c.csv'), 'utf8'));
  const holidayRows = holidays.rows.map(
    ({ cells: [zone = '', label = '', startDate = '', endDate = ''] }) => ({
      zone,
      label,
      startDate,
      endDate,
    }),
  );
  return { communeRows, domainRows, tradeRows, holidayRows };
}

export async function loadReferenceData(db: Executor): Promise<void> {
  const { communeRows, domainRows, tradeRows, holidayRows } = readReferenceData();
  const [counts] = await db
    .select({
      communes: sql<number>`(select count(*) from ${communes})::int`,
      domains: sql<number>`(select count(*) from ${tradeDomains})::int`,
      trades: sql<number>`(select count(*) from ${trades})::int`,
      holidays: sql<number>`(select count(*) from ${schoolHolidays})::int`,
    })
    .from(sql`(select 1) as one`);
  if (
    counts?.communes === communeRows.length &&
    counts.domains === domainRows.length &&
    counts.trades === tradeRows.length &&
    counts.holidays === holidayRows.length
  ) {
    return;
  }
  await db.transaction(async (tx) => {
    await tx
      .insert(communes)
      .values(communeRows)
      .onConflictDoUpdate({
        target: communes.code,
        set: {
          name: sql`excluded.name`,
          lat: sql`excluded.lat`,
          lon: sql`excluded.lon`,
          searchText: sql`excluded.search_text`,
        },
      });
    await tx
      .insert(tradeDomains)
      .values(domainRows)
      .onConflictDoUpdate({ target: tradeDomains.code, set: { label: sql`excluded.label` } });
    await tx
      .insert(trades)
      .values(tradeRows)
      .onConflictDoUpdate({
        target: trades.code,
        set: {
          label: sql`excluded.label`,
          domainCode: sql`excluded.domain_code`,
          searchText: sql`excluded.search_text`,
        },
      });
    // Holidays have no natural key: the file replaces the table.
    await tx.delete(schoolHolidays);
    await tx.insert(schoolHolidays).values(holidayRows);
  });
}
