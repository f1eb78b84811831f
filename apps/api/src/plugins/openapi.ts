// The OpenAPI 3 document of every route (GET /docs/json) and its reader (GET /docs), served from
// node_modules so it works offline.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SESSION_COOKIE } from './auth.js';

async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tremplin API',
        description:
          'API de la plateforme école–entreprise Tremplin. Authentification : jeton de session en en-tête `Authorization: Bearer` (obtenu par POST /api/auth/login) ou cookie httpOnly. Les erreurs suivent la RFC 9457 (application/problem+json).',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      tags: [
        { name: 'system', description: 'Santé du service' },
        { name: 'identity', description: 'Comptes, rôles et sessions' },
        { name: 'reference', description: 'Communes et métiers (ROME)' },
        { name: 'organisations', description: 'Établissements, entreprises et adhésions' },
        { name: 'classes', description: 'Classes, élèves, codes de connexion, semaines de stage' },
        { name: 'offers', description: 'Offres de stage, recherche et recommandations' },
        { name: 'applications', description: 'Candidatures et leur suivi' },
        { name: 'agreements', description: 'Conventions de stage et signatures' },
        { name: 'campaigns', description: "Campagnes d'affectation des places de stage" },
        { name: 'mentoring', description: 'Mentorat et tutorat' },
        { name: 'ambassadors', description: 'Ambassadeurs des métiers et demandes de visite' },
        { name: 'modules', description: 'Modules de découverte des métiers' },
        { name: 'challenges', description: 'Challenges école–entreprise' },
        { name: 'passport', description: 'Passeport de compétences' },
        { name: 'observatory', description: 'Observatoire : offre, demande, équité' },
        { name: 'notifications', description: 'Notifications' },
        { name: 'privacy', description: 'Données personnelles : export et suppression' },
        { name: 'audit', description: "Journal d'audit (opérateurs)" },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}

export default fp(openapiPlugin, { name: 'openapi' });
