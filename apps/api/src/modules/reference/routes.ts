// Routes of reference data: communes and the ROME repertoire. Public: no personal data here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Commune, CommuneOutlines, Trade, TradeDomain, TradeQuery } from '@tremplin/contracts';
import { dataFolder } from '@tremplin/db';
import { problems } from '../../lib/schemas.js';
import * as repo from './repository.js';

/** The communes' outlines as GeoJSON (code and name only), read once and served as bytes. */
let outlines: { body: Buffer; etag: string } | undefined;
function communeOutlines() {
  if (!outlines) {
    const source = JSON.parse(readFileSync(join(dataFolder, 'communes-94.geojson'), 'utf8')) as {
      features: { geometry: unknown; properties: { code: string; nom: string } }[];
    };
    const body = Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: source.features.map((f) => ({
          type: 'Feature',
          properties: { code: f.properties.code, name: f.properties.nom },
          geometry: f.geometry,
        })),
      }),
    );
    outlines = { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
  }
  return outlines;
}

export default async function referenceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  // Sent as prepared bytes (with an ETag), so this route is declared without the type provider.
  fastify.get(
    '/api/communes/outlines',
    {
      schema: {
        tags: ['reference'],
        summary: 'Outlines of the communes of the département (GeoJSON), for maps',
        response: { 200: CommuneOutlines, 304: Type.Null(), ...problems(429) },
      },
    },
    async (request, reply) => {
      const { body, etag } = communeOutlines();
      reply.header('cache-control', 'public, max-age=86400');
      reply.header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type('application/geo+json').send(body);
    },
  );

  app.get(
    '/api/communes',
    {
      schema: {
        tags: ['reference'],
        summary: 'Communes of the département, with their centroid',
        response: { 200: Type.Array(Commune), ...problems(429) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return repo.listCommunes(app.db);
    },
  );

  app.get(
    '/api/trade-domains',
    {
      schema: {
        tags: ['reference'],
        summary: 'The 14 grands domaines of the ROME repertoire',
        response: { 200: Type.Array(TradeDomain), ...problems(429) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return repo.listTradeDomains(app.db);
    },
  );

  app.get(
    '/api/trades',
    {
      schema: {
        tags: ['reference'],
        summary: 'Fiches métiers (ROME), searched by code or label, accents ignored',
        querystring: TradeQuery,
        response: { 200: Type.Array(Trade), ...problems(400, 429) },
      },
    },
    async (request) =>
      repo.searchTrades(app.db, {
        q: request.query.q,
        domain: request.query.domain,
        limit: request.query.limit ?? 50,
      }),
  );
}
