// Routes of the offers domain: employers post and manage their offers (every change checked
// against the stage rules), everyone signed in searches and reads published ones, pupils get
// "offers for you", anyone reports an offer and operators moderate.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateOfferBody,
  IdParams,
  ModerationBody,
  MyOffer,
  MyOffersQuery,
  Offer,
  OfferReport,
  OfferSearchPage,
  OfferSearchQuery,
  Ok,
  RecommendationQuery,
  Recommendations,
  ReportOfferBody,
  UpdateOfferBody,
  type ProblemFieldError,
} from '@tremplin/contracts';
import { searchable } from '@tremplin/db';
import { principalOf } from '../../plugins/auth.js';
import { badRequest, conflict, forbidden, invalidField, notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { recordAudit } from '../audit/repository.js';
import { notify } from '../notifications/repository.js';
import { findCommune, unknownTradeCodes } from '../reference/repository.js';
import * as repo from './repository.js';
import { EmptySearchLog } from './empty-searches.js';
import { SearchCaches } from './search-cache.js';
import { orderCandidates } from './search-order.js';
import {
  offerView,
  recommendationsFor,
  resolveViewer,
  ruleBreaches,
  rulesRefused,
  summaryView,
} from './service.js';
import type { ScheduleDay } from './stage-rules.js';

const NOT_FOUND = "Cette offre n'existe pas ou ne vous est pas accessible.";

export default async function offerRoutes(
  fastify: FastifyInstance,
  { config }: { config: Config },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['offers'];
  // Which offers match a search, each offer's result card and a pupil's profile are kept in
  // memory (up to SEARCH_CACHE_SECONDS), and dropped as soon as the database announces a change
  // to what they were read from (search-cache.ts).
  const caches = new SearchCaches(config.searchCacheSeconds * 1000);
  if (config.searchCacheSeconds > 0) {
    const stop = await caches.follow(app.dbHandle);
    app.addHook('onClose', async () => {
      await stop();
    });
  }
  const emptySearches = new EmptySearchLog(app.db, {
    flushMs: 1000,
    onLost: (count, error) =>
      app.log.warn({ err: error, count }, 'empty searches not recorded (database unavailable)'),
  });
  app.addHook('onClose', async () => {
    await emptySearches.flush();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // The announcement follows the commit by a moment: a change made through this process
    // already clears its own caches before the answer leaves, so its author's next search sees it.
    if (
      request.method !== 'GET' &&
      reply.statusCode < 400 &&
      request.url.startsWith('/api/offers')
    ) {
      caches.changed('offers');
    }
    return payload;
  });

  async function checkTrades(codes: string[], prefix: string) {
    const unknown = await unknownTradeCodes(app.db, codes);
    if (unknown.length > 0) {
      throw badRequest(
        'trade.unknown',
        `Code métier inconnu : ${unknown.join(', ')}.`,
        unknown.map((code) => ({
          field: `${prefix}tradeCodes.${codes.indexOf(code)}`,
          code: 'trade.unknown',
          message: `${code} n'est pas une fiche du répertoire ROME.`,
        })),
      );
    }
  }

  async function communeOr400(code: string) {
    const commune = await findCommune(app.db, { code });
    if (!commune) {
      throw invalidField(
        'body.communeCode',
        'commune.unknown',
        "Cette commune n'est pas dans le département.",
      );
    }
    return commune;
  }

  async function viewOr404(id: string, viewer: repo.Viewer, today: string) {
    const row = await repo.viewOffer(app.db, { id, viewer });
    if (!row) throw notFound(NOT_FOUND);
    return offerView(app.db, row, viewer, today);
  }

  const periodValues = (p: {
    startDate: string;
    endDate: string;
    seats: number;
    reservedSeats?: number | undefined;
    reservedUntil?: string | null | undefined;
  }): repo.PeriodValues => ({
    startDate: p.startDate,
    endDate: p.endDate,
    seats: p.seats,
    reservedSeats: p.reservedSeats ?? 0,
    reservedUntil: p.reservedUntil ?? null,
  });

  // --- employers ---------------------------------------------------------------------------------

  app.post(
    '/api/offers',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags,
        summary: 'Post a stage offer (as a draft) for my company',
        description:
          'Every stage rule is checked (a minor’s hours, the periods allowed for each level, seats); a breach answers 400 with one entry per field in `errors`. Address and coordinates default to the company’s.',
        ...secured,
        body: CreateOfferBody,
        response: { 201: Offer, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body;
      const today = repo.parisToday();
      const mine = await repo.employerCompanies(app.db, { userId: principal.id });
      if (mine.length === 0) {
        throw forbidden(
          "Votre compte n'est rattaché à aucune entreprise : créez-la ou demandez à la rejoindre dans « Mon organisation ».",
        );
      }
      let company = mine[0]!;
      if (body.companyId) {
        const chosen = mine.find((c) => c.id === body.companyId);
        if (!chosen) throw notFound("Cette entreprise n'existe pas ou vous n'en êtes pas membre.");
        company = chosen;
      } else if (mine.length > 1) {
        throw invalidField(
          'body.companyId',
          'company.choose',
          'Vous êtes membre de plusieurs entreprises : choisissez celle qui accueille le stage.',
        );
      }
      await checkTrades(body.tradeCodes, 'body.');
      const communeCode = body.communeCode ?? company.communeCode;
      const commune = await communeOr400(communeCode);
      const sameCommune = communeCode === company.communeCode;
      const errors: ProblemFieldError[] = await ruleBreaches(
        app.db,
        {
          levels: body.levels,
          schedule: body.schedule as ScheduleDay[],
          periods: body.periods,
          datedNow: body.periods.map(() => true),
        },
        { prefix: 'body.', today },
      );
      if (errors.length > 0) throw rulesRefused(errors);
      const labels = await repo.tradeLabels(app.db, body.tradeCodes);
      const title = body.title.trim();
      const description = body.description.trim();
      const created = await app.db.transaction((tx) =>
        repo.insertOffer(tx, {
          companyId: company.id,
          createdBy: principal.id,
          values: {
            title,
            description,
            tradeCodes: body.tradeCodes,
            levels: body.levels,
            address: body.address?.trim() || (sameCommune ? company.address : ''),
            communeCode,
            lat: body.lat ?? (sameCommune ? company.lat : commune.lat),
            lon: body.lon ?? (sameCommune ? company.lon : commune.lon),
            accessible: body.accessible ?? false,
            schedule: body.schedule as ScheduleDay[],
            tutorName: body.tutorName.trim(),
            tutorRole: body.tutorRole?.trim() ?? '',
            tutorEmail: body.tutorEmail?.trim().toLowerCase() || null,
            searchText: repo.searchTextOf(title, description, [...labels.values()]),
          },
          periods: body.periods.map(periodValues),
        }),
      );
      reply.status(201);
      return viewOr404(created.id, await resolveViewer(app.db, principal, today), today);
    },
  );

  app.get(
    '/api/offers/mine',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags,
        summary: "My companies' offers, with seats and applications",
        ...secured,
        querystring: MyOffersQuery,
        response: { 200: Type.Array(MyOffer), ...problems(400, ...authProblems) },
      },
    },
    async (request) =>
      repo.listMyOffers(app.db, {
        userId: principalOf(request).id,
        status: request.query.status,
        today: repo.parisToday(),
      }),
  );

  app.patch(
    '/api/offers/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags,
        summary: 'Edit a draft or published offer of my company',
        description:
          '`periods`, when given, is the whole new list: a period with an `id` is kept (its applications with it), one without is added, one left out is removed — refused (409) while it has applications in progress. The stage rules are checked on the offer as it would become.',
        ...secured,
        params: IdParams,
        body: UpdateOfferBody,
        response: { 200: Offer, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const body = request.body;
      const today = repo.parisToday();
      if (body.tradeCodes) await checkTrades(body.tradeCodes, 'body.');
      const commune = body.communeCode ? await communeOr400(body.communeCode) : undefined;
      await app.db.transaction(async (tx) => {
        // The row lock keeps concurrent edits (and period removals) of one offer in line.
        const current = await repo.getOwnOffer(tx, {
          id: request.params.id,
          userId: principal.id,
          lock: true,
        });
        if (!current) throw notFound(NOT_FOUND);
        if (current.status !== 'draft' && current.status !== 'published') {
          throw conflict(
            'offer.notEditable',
            current.status === 'closed'
              ? 'Cette offre est close : republiez-la ou dupliquez-la pour la modifier.'
              : 'Cette offre est archivée : dupliquez-la pour en proposer une nouvelle.',
          );
        }
        const existing = await repo.periodsWithCounts(tx, { offerIds: [current.id] });
        const byId = new Map(existing.map((p) => [p.id, p]));
        const errors: ProblemFieldError[] = [];
        let plan: Parameters<typeof repo.replacePeriods>[1] | undefined;
        let periods = existing.map((p) => ({
          startDate: p.startDate,
          endDate: p.endDate,
          seats: p.seats,
          reservedSeats: p.reservedSeats,
          reservedUntil: p.reservedUntil,
        }));
        let datedNow = existing.map(() => false);
        if (body.periods) {
          const keep = new Set<string>();
          plan = { offerId: current.id, update: [], insert: [], remove: [] };
          datedNow = [];
          body.periods.forEach((p, i) => {
            const values = periodValues(p);
            if (!p.id) {
              plan!.insert.push(values);
              datedNow.push(true);
              return;
            }
            const before = byId.get(p.id);
            if (!before || keep.has(p.id)) {
              errors.push({
                field: `body.periods.${i}.id`,
                code: 'period.unknown',
                message: "Cette période n'appartient pas à l'offre.",
              });
              datedNow.push(false);
              return;
            }
            keep.add(p.id);
            const moved = before.startDate !== p.startDate || before.endDate !== p.endDate;
            datedNow.push(moved);
            if (moved && before.live > 0) {
              errors.push({
                field: `body.periods.${i}.startDate`,
                code: 'period.datesLocked',
                message: `Des élèves ont déjà postulé pour cette période (${before.live}) : ses dates ne peuvent plus changer. Ajoutez plutôt une nouvelle période.`,
              });
            }
            if (p.seats < before.taken) {
              errors.push({
                field: `body.periods.${i}.seats`,
                code: 'period.seatsBelowTaken',
                message: `${before.taken} places sont déjà attribuées sur cette période : il faut en garder au moins autant.`,
              });
            }
            plan!.update.push({ ...values, id: p.id });
          });
          for (const p of existing) {
            if (keep.has(p.id)) continue;
            if (p.live > 0) {
              throw conflict(
                'period.hasApplications',
                `La période du ${p.startDate.split('-').reverse().join('/')} au ${p.endDate.split('-').reverse().join('/')} a ${p.live} candidature(s) en cours : elle ne peut pas être retirée. Fermez plutôt l'offre, ou réduisez ses places.`,
                [
                  {
                    field: 'body.periods',
                    code: 'period.hasApplications',
                    message: `Une période avec des candidatures en cours ne peut pas être retirée (${p.live} en cours).`,
                  },
                ],
              );
            }
            plan.remove.push(p.id);
          }
          periods = body.periods.map(periodValues);
        }
        errors.push(
          ...(await ruleBreaches(
            tx,
            {
              levels: body.levels ?? current.levels,
              schedule: (body.schedule as ScheduleDay[] | undefined) ?? current.schedule,
              periods,
              datedNow,
            },
            { prefix: 'body.', today },
          )),
        );
        if (errors.length > 0) throw rulesRefused(errors);

        const values: Partial<repo.OfferValues> = {};
        if (body.title !== undefined) values.title = body.title.trim();
        if (body.description !== undefined) values.description = body.description.trim();
        if (body.tradeCodes) values.tradeCodes = body.tradeCodes;
        if (body.levels) values.levels = body.levels;
        if (body.address !== undefined) values.address = body.address.trim();
        if (body.communeCode && commune) {
          values.communeCode = body.communeCode;
          if (body.communeCode !== current.communeCode && body.lat === undefined) {
            values.lat = commune.lat;
            values.lon = commune.lon;
          }
        }
        if (body.lat !== undefined) values.lat = body.lat;
        if (body.lon !== undefined) values.lon = body.lon;
        if (body.accessible !== undefined) values.accessible = body.accessible;
        if (body.schedule) values.schedule = body.schedule as ScheduleDay[];
        if (body.tutorName !== undefined) values.tutorName = body.tutorName.trim();
        if (body.tutorRole !== undefined) values.tutorRole = body.tutorRole.trim();
        if (body.tutorEmail !== undefined)
          values.tutorEmail = body.tutorEmail?.trim().toLowerCase() || null;
        if (values.title || values.description || values.tradeCodes) {
          const codes = values.tradeCodes ?? current.tradeCodes;
          const labels = await repo.tradeLabels(tx, codes);
          values.searchText = repo.searchTextOf(
            values.title ?? current.title,
            values.description ?? current.description,
            [...labels.values()],
          );
        }
        await repo.updateOffer(tx, { id: current.id, userId: principal.id, values });
        if (plan) {
          const { removed } = await repo.replacePeriods(tx, plan);
          if (removed !== plan.remove.length) {
            // An application arrived on a period being removed: keep everything as it was.
            throw conflict(
              'period.hasApplications',
              'Une candidature vient d’arriver sur une période que vous retirez : rien n’a été modifié.',
            );
          }
        }
      });
      return viewOr404(request.params.id, await resolveViewer(app.db, principal, today), today);
    },
  );

  app.post(
    '/api/offers/:id/duplicate',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags,
        summary: 'Copy an offer of my company as a new draft (periods included)',
        ...secured,
        params: IdParams,
        response: { 201: Offer, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const today = repo.parisToday();
      const created = await app.db.transaction(async (tx) => {
        const source = await repo.getOwnOffer(tx, { id: request.params.id, userId: principal.id });
        if (!source) return undefined;
        const title = `${source.title} (copie)`.slice(0, 120);
        return repo.duplicateOffer(tx, { id: source.id, userId: principal.id, title });
      });
      if (!created) throw notFound(NOT_FOUND);
      reply.status(201);
      return viewOr404(created.id, await resolveViewer(app.db, principal, today), today);
    },
  );

  app.post(
    '/api/offers/:id/publish',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('employer')],
      schema: {
        tags,
        summary: 'Publish a draft (or reopen a closed offer) after checking every stage rule',
        ...secured,
        params: IdParams,
        response: { 200: Offer, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const today = repo.parisToday();
      await app.db.transaction(async (tx) => {
        const current = await repo.getOwnOffer(tx, {
          id: request.params.id,
          userId: principal.id,
          lock: true,
        });
        if (!current) throw notFound(NOT_FOUND);
        if (current.status === 'published') {
          throw conflict('offer.published', 'Cette offre est déjà publiée.');
        }
        if (current.status === 'archived') {
          throw conflict(
            'offer.archived',
            'Une offre archivée ne peut pas être republiée : dupliquez-la.',
          );
        }
        const periods = await repo.periodsWithCounts(tx, { offerIds: [current.id] });
        const errors = await ruleBreaches(
          tx,
          {
            levels: current.levels,
            schedule: current.schedule,
            periods,
            datedNow: periods.map(() => false),
          },
          { prefix: '', today },
        );
        if (!periods.some((p) => p.startDate >= today)) {
          errors.push({
            field: 'periods',
            code: 'periods.past',
            message:
              'Toutes les périodes de cette offre ont commencé ou sont passées : ajoutez une période à venir avant de publier.',
          });
        }
        if (errors.length > 0) throw rulesRefused(errors);
        await repo.changeStatus(tx, {
          id: current.id,
          userId: principal.id,
          from: ['draft', 'closed'],
          to: 'published',
        });
      });
      return viewOr404(request.params.id, await resolveViewer(app.db, principal, today), today);
    },
  );

  for (const action of ['close', 'archive'] as const) {
    app.post(
      `/api/offers/:id/${action}`,
      {
        onRequest: [app.authenticate],
        preHandler: [app.requireRole('employer')],
        schema: {
          tags,
          summary:
            action === 'close'
              ? 'Close a published offer: no new applications, those in progress go on'
              : 'Archive an offer: it leaves every list but the history',
          ...secured,
          params: IdParams,
          response: { 200: Offer, ...problems(400, 404, 409, ...authProblems) },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const today = repo.parisToday();
        const from: ('draft' | 'published' | 'closed')[] =
          action === 'close' ? ['published'] : ['draft', 'published', 'closed'];
        const done = await repo.changeStatus(app.db, {
          id: request.params.id,
          userId: principal.id,
          from,
          to: action === 'close' ? 'closed' : 'archived',
        });
        if (!done) {
          const own = await repo.getOwnOffer(app.db, {
            id: request.params.id,
            userId: principal.id,
          });
          if (!own) throw notFound(NOT_FOUND);
          throw conflict(
            'offer.status',
            action === 'close'
              ? 'Seule une offre publiée peut être close.'
              : 'Cette offre est déjà archivée.',
          );
        }
        return viewOr404(request.params.id, await resolveViewer(app.db, principal, today), today);
      },
    );
  }

  // --- everyone signed in ------------------------------------------------------------------------

  app.get(
    '/api/offers',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'Search published offers',
        description:
          'French full-text search on title, description and trade labels (accents ignored), ranked by relevance; filters on trade (grand domaine letter, code prefix or fiche), commune, distance from home, school or a point, dates (a pupil’s school stage weeks by default), level (a pupil’s own by default), seats reserved for REP/REP+ pupils and accessibility. A REP/REP+ pupil sees the reserved seats; others see the seats minus those still reserved.',
        ...secured,
        querystring: OfferSearchQuery,
        response: { 200: OfferSearchPage, ...problems(400, ...authProblems) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const q = request.query;
      const today = repo.parisToday();
      const viewer = await resolveViewer(app.db, principal, today, caches.profiles);
      const student = viewer.student;

      let origin: { kind: 'home' | 'school' | 'point'; lat: number; lon: number } | undefined;
      const near = q.near ?? (q.lat !== undefined && q.lon !== undefined ? 'point' : undefined);
      if (near === 'point') {
        if (q.lat === undefined || q.lon === undefined) {
          throw invalidField(
            q.lat === undefined ? 'query.lat' : 'query.lon',
            'near.point',
            'Indiquez la latitude et la longitude du point de départ.',
          );
        }
        origin = { kind: 'point', lat: q.lat, lon: q.lon };
      } else if (near === 'home' || near === 'school') {
        const place = near === 'home' ? student?.home : student?.school;
        if (!place) {
          throw invalidField(
            'query.near',
            'near.unknown',
            near === 'home'
              ? "Votre commune n'est pas connue : choisissez une autre origine pour la distance."
              : "Votre établissement n'est pas connu : choisissez une autre origine pour la distance.",
          );
        }
        origin = { kind: near, ...place };
      } else if (student?.home) {
        origin = { kind: 'home', ...student.home };
      } else if (student?.school) {
        origin = { kind: 'school', ...student.school };
      }
      if (q.radiusKm !== undefined && !origin) {
        throw invalidField(
          'query.radiusKm',
          'near.missing',
          "Indiquez d'où mesurer la distance (un point, ou votre domicile pour un élève).",
        );
      }
      if (q.dateFrom && q.dateTo && q.dateFrom > q.dateTo) {
        throw invalidField(
          'query.dateTo',
          'dates.order',
          'La date de fin doit suivre la date de début.',
        );
      }
      let dates: { startDate: string; endDate: string }[] = [];
      if (q.dateFrom || q.dateTo) {
        dates = [{ startDate: q.dateFrom ?? today, endDate: q.dateTo ?? '9999-12-31' }];
      } else if (student && !q.anyDate) {
        dates = student.stageWeeks;
      }
      const level = q.level ?? student?.level ?? undefined;
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const priority = student !== undefined && student.priority !== 'none';
      const text = q.q ? searchable(q.q) : '';
      const filters: repo.CandidateFilters = {
        today,
        ...(text ? { text } : {}),
        ...(q.trade ? { trade: q.trade } : {}),
        ...(q.commune ? { commune: q.commune } : {}),
        dates,
        ...(level ? { level } : {}),
        reserved: q.reserved ?? false,
        accessible: q.accessible ?? false,
      };
      const search: repo.SearchParams = {
        ...filters,
        ...(origin ? { origin: { lat: origin.lat, lon: origin.lon } } : {}),
        ...(q.radiusKm !== undefined ? { radiusKm: q.radiusKm } : {}),
        sort: q.sort ?? 'relevance',
        limit: pageSize,
        offset: (page - 1) * pageSize,
      };
      // Pupils in the same situation (origin, dates, level, priority) asking the same search get
      // the same answer: it is kept serialised, and dropped with the candidates or cards behind it.
      const answerKey = JSON.stringify([search, priority, origin?.kind ?? null]);
      const answer = await caches.pages.remember(answerKey, async () => {
        const candidates = await caches.candidates.remember(JSON.stringify(filters), () =>
          repo.searchCandidates(app.db, filters),
        );
        const { page: matched, total } = orderCandidates(candidates, search);
        const cards = await caches.offerCards(app.db, matched, today);
        const rows: repo.SearchRow[] = matched.flatMap(({ km }, i) => {
          const card = cards[i];
          if (!card) return [];
          return [km === null ? card : { ...card, distanceKm: Math.round(km * 10) / 10 }];
        });
        const body: OfferSearchPage = {
          items: rows.map((r) => summaryView(r, priority, today)),
          total,
          page,
          pageSize,
          ...(origin ? { origin } : {}),
          dates,
          ...(level ? { level } : {}),
          priorityPupil: priority,
        };
        // The route's own serialiser (its response schema), as for any other answer; encoded
        // once, not on every send.
        return { total, body: Buffer.from(reply.serialize(body) as string) };
      });
      if (answer.total === 0 && page === 1) {
        emptySearches.record({
          tradeCodes: q.trade && q.trade.length === 5 ? [q.trade] : [],
          communeCode: q.commune ?? null,
          level: level ?? null,
        });
      }
      // Already serialised: Fastify sends a buffer as it is (the cast only tells the type
      // provider so).
      return reply
        .type('application/json; charset=utf-8')
        .send(answer.body as unknown as OfferSearchPage);
    },
  );

  app.get(
    '/api/offers/recommended',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags,
        summary:
          'Offers for me (pupil), from the matching engine, with the reasons that weigh most',
        description:
          'Scores every visible offer with seats open to the pupil on trade (their interests, through the ROME hierarchy), distance from home (or school), fit with their school’s stage weeks, level, seats reserved for REP/REP+ pupils and pressure (seats left against pupils waiting), and returns the best, each with up to three reasons.',
        ...secured,
        querystring: RecommendationQuery,
        response: { 200: Recommendations, ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const today = repo.parisToday();
      const viewer = await resolveViewer(app.db, principal, today);
      return recommendationsFor(app.db, viewer, { limit: request.query.limit ?? 6, today });
    },
  );

  app.get(
    '/api/offers/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'One offer, with its periods and the seats left for me',
        description:
          'Published offers for everyone signed in; drafts, closed, archived and suspended ones for the company’s employers and operators only. The tutor’s e-mail is shown to them only.',
        ...secured,
        params: IdParams,
        response: { 200: Offer, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const today = repo.parisToday();
      return viewOr404(request.params.id, await resolveViewer(app.db, principal, today), today);
    },
  );

  app.post(
    '/api/offers/:id/reports',
    {
      onRequest: [app.authenticate],
      schema: {
        tags,
        summary: 'Report an offer to the operators (inappropriate content, unsafe tasks…)',
        ...secured,
        params: IdParams,
        body: ReportOfferBody,
        response: { 201: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const today = repo.parisToday();
      const viewer = await resolveViewer(app.db, principal, today);
      const reason = request.body.reason.trim();
      if (reason.length < 5) {
        throw invalidField('body.reason', 'minLength', 'Dites en quelques mots ce qui ne va pas.');
      }
      const result = await app.db.transaction(async (tx) => {
        const report = await repo.reportOffer(tx, { offerId: request.params.id, viewer, reason });
        if (!report) return report;
        const operators = await repo.operatorIds(tx);
        await notify(
          tx,
          operators.map((userId) => ({
            userId,
            kind: 'offer.reported',
            data: { offerId: request.params.id },
            link: '/operateur/moderation',
          })),
        );
        return report;
      });
      if (result === undefined) throw notFound(NOT_FOUND);
      if (result === null) {
        throw conflict(
          'report.exists',
          'Vous avez déjà signalé cette offre ; les opérateurs vont l’examiner.',
        );
      }
      reply.status(201);
      return { ok: true as const };
    },
  );

  // --- operators ---------------------------------------------------------------------------------

  for (const action of ['suspend', 'unsuspend'] as const) {
    app.post(
      `/api/offers/:id/${action}`,
      {
        onRequest: [app.authenticate],
        preHandler: [app.requireRole('operator')],
        schema: {
          tags,
          summary:
            action === 'suspend'
              ? 'Suspend an offer (operator): hidden from search at once, open reports resolved'
              : 'Lift the suspension of an offer (operator)',
          ...secured,
          params: IdParams,
          body: ModerationBody,
          response: { 200: Offer, ...problems(400, 404, 409, ...authProblems) },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        const today = repo.parisToday();
        const reason = request.body.reason.trim();
        if (reason.length < 3) {
          throw invalidField('body.reason', 'minLength', 'Indiquez la raison.');
        }
        const suspend = action === 'suspend';
        const done = await app.db.transaction(async (tx) => {
          const row = await repo.setSuspension(tx, { id: request.params.id, suspend, reason });
          if (!row) return undefined;
          const resolved = suspend
            ? await repo.resolveReports(tx, { operatorId: principal.id, offerId: row.id })
            : [];
          await recordAudit(tx, {
            actorId: principal.id,
            action: suspend ? 'offer.suspended' : 'offer.unsuspended',
            subjectType: 'offer',
            subjectId: row.id,
            data: { reason, reportsResolved: resolved.length },
          });
          const employers = await repo.companyEmployers(tx, { companyId: row.companyId });
          await notify(
            tx,
            employers.map((e) => ({
              userId: e.userId,
              kind: suspend ? 'offer.suspended' : 'offer.unsuspended',
              data: { title: row.title, reason },
              link: `/entreprise/offres/${row.id}`,
            })),
          );
          return row;
        });
        if (!done) {
          if (!(await repo.offerExists(app.db, { id: request.params.id }))) {
            throw notFound(NOT_FOUND);
          }
          throw conflict(
            suspend ? 'offer.suspended' : 'offer.notSuspended',
            suspend ? 'Cette offre est déjà suspendue.' : "Cette offre n'est pas suspendue.",
          );
        }
        return viewOr404(request.params.id, await resolveViewer(app.db, principal, today), today);
      },
    );
  }

  app.get(
    '/api/offers/suspended',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags,
        summary: 'Suspended offers (operator), to review and lift suspensions',
        ...secured,
        response: { 200: Type.Array(MyOffer), ...problems(...authProblems) },
      },
    },
    async () => repo.listMyOffers(app.db, { suspendedOnly: true, today: repo.parisToday() }),
  );

  app.get(
    '/api/offer-reports',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags,
        summary: 'Open reports about offers (operator), oldest first',
        ...secured,
        response: { 200: Type.Array(OfferReport), ...problems(...authProblems) },
      },
    },
    async () => repo.listOpenReports(app.db),
  );

  app.post(
    '/api/offer-reports/:id/resolve',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('operator')],
      schema: {
        tags,
        summary: 'Close a report without suspending the offer (operator)',
        ...secured,
        params: IdParams,
        response: { 200: Ok, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const done = await app.db.transaction(async (tx) => {
        const rows = await repo.resolveReports(tx, {
          operatorId: principal.id,
          reportId: request.params.id,
        });
        if (rows.length === 0) return false;
        await recordAudit(tx, {
          actorId: principal.id,
          action: 'offer.report.dismissed',
          subjectType: 'offer',
          subjectId: rows[0]!.offerId,
          data: { reportId: request.params.id },
        });
        return true;
      });
      if (!done) throw notFound("Ce signalement n'existe pas ou a déjà été traité.");
      return { ok: true as const };
    },
  );
}
