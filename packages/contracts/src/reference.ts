// Reference data: communes and the ROME trades repertoire.
import { type Static, Type } from 'typebox';

export const Commune = Type.Object({
  code: Type.String({ description: 'INSEE code' }),
  name: Type.String(),
  postalCodes: Type.Array(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
});
export type Commune = Static<typeof Commune>;

/** GeoJSON FeatureCollection of the communes' outlines (Polygon or MultiPolygon). */
export const CommuneOutlines = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      properties: Type.Object({ code: Type.String(), name: Type.String() }),
      geometry: Type.Object({
        type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
        coordinates: Type.Array(Type.Unknown()),
      }),
    }),
  ),
});
export type CommuneOutlines = Static<typeof CommuneOutlines>;

export const TradeDomain = Type.Object({
  code: Type.String({ description: 'Grand domaine letter, A to N' }),
  label: Type.String(),
  tradeCount: Type.Integer(),
});
export type TradeDomain = Static<typeof TradeDomain>;

export const Trade = Type.Object({
  code: Type.String({ description: 'Fiche ROME, e.g. M1805' }),
  label: Type.String(),
  domainCode: Type.String(),
});
export type Trade = Static<typeof Trade>;

export const TradeCode = Type.String({
  pattern: '^[A-N][0-9]{4}$',
  description: 'Fiche ROME code',
});

export const TradeQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  domain: Type.Optional(Type.String({ pattern: '^[A-N]$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, default: 50 })),
});
export type TradeQuery = Static<typeof TradeQuery>;
