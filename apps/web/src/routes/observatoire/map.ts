// The communes' map drawn on the server as SVG paths (no script needed: the map and its
// indicator select work without JavaScript). Outlines are projected once per process
// (equirectangular, scaled by the cosine of the mean latitude, which is exact enough at the
// scale of a département), then each commune is filled by the class of its value.
import type { CommuneRow } from '@tremplin/contracts';

type Position = [number, number];
interface Feature {
  properties: { code: string; name: string };
  geometry:
    | { type: 'Polygon'; coordinates: Position[][] }
    | { type: 'MultiPolygon'; coordinates: Position[][][] };
}
export interface Outlines {
  features: Feature[];
}

export const MAP_INDICATORS = [
  'seats',
  'offers',
  'applications',
  'searchesWithoutResult',
  'seatsPer100Pupils',
  'placementRate',
  'pupils',
  'mentors',
  'ambassadors',
] as const;
export type MapIndicator = (typeof MAP_INDICATORS)[number];

/** Indicators that exist only where pupils are counted (not for a company). */
export const PUPIL_INDICATORS: MapIndicator[] = ['seatsPer100Pupils', 'placementRate', 'pupils'];

export const MAP_WIDTH = 600;

/** Five shades of blue, light to dark; text on the legend stays readable on each. */
export const SHADES = ['#e8eff8', '#b9cde6', '#7fa3cf', '#3f74b3', '#123660'];
export const NO_VALUE = '#f2f2f2';

interface Projected {
  height: number;
  paths: { code: string; name: string; d: string }[];
}

let projected: Projected | undefined;

function project(outlines: Outlines): Projected {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  const polygons = (f: Feature): Position[][][] =>
    f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const f of outlines.features) {
    for (const polygon of polygons(f)) {
      for (const ring of polygon) {
        for (const [lon, lat] of ring) {
          minLon = Math.min(minLon, lon);
          maxLon = Math.max(maxLon, lon);
          minLat = Math.min(minLat, lat);
          maxLat = Math.max(maxLat, lat);
        }
      }
    }
  }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = MAP_WIDTH / ((maxLon - minLon) * k);
  const x = (lon: number) => ((lon - minLon) * k * scale).toFixed(1);
  const y = (lat: number) => ((maxLat - lat) * scale).toFixed(1);
  return {
    height: Math.ceil((maxLat - minLat) * scale),
    paths: outlines.features.map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      d: polygons(f)
        .flatMap((polygon) =>
          polygon.map((ring) => `M${ring.map(([lon, lat]) => `${x(lon)} ${y(lat)}`).join('L')}Z`),
        )
        .join(''),
    })),
  };
}

export interface MapLegendItem {
  colour: string;
  from: number;
  to: number;
}

export interface CommuneMap {
  width: number;
  height: number;
  communes: { code: string; name: string; d: string; value: number | null; colour: string }[];
  legend: MapLegendItem[];
}

/** Rounded class bounds that read well ("0 – 20"), from 0 to the highest value. */
function bounds(max: number, rate: boolean): number[] {
  if (rate) return [0, 0.2, 0.4, 0.6, 0.8, 1];
  if (max <= 0) return [0, 1, 2, 3, 4, 5];
  const raw = max / SHADES.length;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.ceil(raw / magnitude) * magnitude;
  return Array.from({ length: SHADES.length + 1 }, (_, i) => Math.round(i * step * 100) / 100);
}

export function communeMap(
  outlines: Outlines,
  rows: CommuneRow[],
  indicator: MapIndicator,
): CommuneMap {
  projected ??= project(outlines);
  const values = new Map(rows.map((r) => [r.code, r[indicator]]));
  const known = [...values.values()].filter((v): v is number => v !== null);
  const limits = bounds(Math.max(0, ...known), indicator === 'placementRate');
  const colourOf = (value: number | null) => {
    if (value === null) return NO_VALUE;
    const i = limits.findIndex((limit, n) => n > 0 && value <= limit);
    return SHADES[i < 0 ? SHADES.length - 1 : Math.max(0, i - 1)]!;
  };
  return {
    width: MAP_WIDTH,
    height: projected.height,
    communes: projected.paths.map((p) => {
      const value = values.get(p.code) ?? null;
      return { ...p, value, colour: colourOf(value) };
    }),
    legend: SHADES.map((colour, i) => ({ colour, from: limits[i]!, to: limits[i + 1]! })),
  };
}
