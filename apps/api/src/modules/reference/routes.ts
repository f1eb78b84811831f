// Routes of reference data: communes and the ROME repertoire. Public: no personal data here.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Commune, Trade, TradeDomain, TradeQuery } from '@tremplin/contracts';
import { problems } from '../../lib/schemas.js';
import * as repo from './repository.js';

export default async function referenceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
