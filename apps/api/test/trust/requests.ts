// Requests for every route of the OpenAPI document: the routes themselves (read from the document,
// so a new route is picked up at once), a valid value for any schema, the seeded thing each path
// parameter names, and hand-written bodies where a generated one would not reach the route's
// logic (an offer that follows the stage rules, a convention's annexes…).
import type { FastifyInstance } from 'fastify';
import type { RoleName, World } from './world.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  nullable?: boolean;
  default?: unknown;
  minProperties?: number;
  uniqueItems?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface Route {
  key: string;
  method: Method;
  /** OpenAPI path, e.g. /api/offers/{id}. */
  path: string;
  secured: boolean;
  params: Parameter[];
  query: Parameter[];
  body: JsonSchema | null;
  bodyTypes: string[];
}

/** Every operation of the OpenAPI document, sorted by path then method. */
export function routesOf(app: FastifyInstance): Route[] {
  const doc = app.swagger() as {
    paths: Record<
      string,
      Record<
        string,
        {
          security?: unknown[];
          parameters?: Parameter[];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
  };
  const out: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [verb, operation] of Object.entries(operations)) {
      const method = verb.toUpperCase() as Method;
      const content = operation.requestBody?.content ?? {};
      out.push({
        key: `${method} ${path}`,
        method,
        path,
        secured: Boolean(operation.security?.length),
        params: (operation.parameters ?? []).filter((p) => p.in === 'path'),
        query: (operation.parameters ?? []).filter((p) => p.in === 'query'),
        body: content['application/json']?.schema ?? null,
        bodyTypes: Object.keys(content),
      });
    }
  }
  return out.sort((a, b) =>
    a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1,
  );
}

const PATTERN_EXAMPLES: Record<string, string> = {
  '^[A-N]$': 'D',
  '^[0-9][0-9AB][0-9]{3}$': '94028',
  '^[0-9]{2}\\.?[0-9]{2}[A-Za-z]$': '10.71C',
  '^[A-N][0-9]{4}$': 'D1102',
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': '09:00',
  '^[A-N]([0-9]{1,4})?$': 'D1102',
  '^[A-N]([0-9]{2}|[0-9]{4})?$': 'D1102',
  '^[a-z]{2,3}$': 'fr',
  '^[A-Za-z0-9_.-]*$': 'agreement',
};

/** A value the schema accepts: required properties only, the first allowed choice. */
export function validValue(
  schema: JsonSchema,
  uuid = '00000000-0000-4000-8000-000000000000',
): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const nonNull = variants.find((v) => v.type !== 'null') ?? variants[0]!;
    return validValue(nonNull, uuid);
  }
  if (schema.allOf) return validValue(Object.assign({}, ...schema.allOf) as JsonSchema, uuid);
  const type = Array.isArray(schema.type)
    ? (schema.type.find((t) => t !== 'null') ?? 'string')
    : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      const props = Object.entries(schema.properties ?? {});
      for (const [name, prop] of props) {
        if (required.has(name)) out[name] = validValue(prop, uuid);
      }
      // "At least one field to change": give the first one.
      if ((schema.minProperties ?? 0) > Object.keys(out).length && props[0]) {
        out[props[0][0]] = validValue(props[0][1], uuid);
      }
      return out;
    }
    case 'array': {
      const n = schema.minItems ?? 0;
      const item = schema.items ?? { type: 'string' };
      return Array.from({ length: n }, (_, i) =>
        schema.uniqueItems && item.enum ? item.enum[i] : validValue(item, uuid),
      );
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? 0) + 1;
      return Math.max(min, Math.min(schema.maximum ?? min, 1));
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default: {
      if (schema.format === 'uuid') return uuid;
      if (schema.format === 'date') return '2027-01-18';
      if (schema.format === 'date-time') return '2027-01-18T09:00:00.000Z';
      if (schema.format === 'email') return 'trust.test@example.test';
      if (schema.pattern) {
        const example = PATTERN_EXAMPLES[schema.pattern];
        if (example === undefined) throw new Error(`No example for pattern ${schema.pattern}`);
        return example;
      }
      const length = Math.max(schema.minLength ?? 0, 12);
      return 'Texte de test pour la vérification'
        .padEnd(length, '.')
        .slice(0, schema.maxLength ?? length);
    }
  }
}

/** The seeded thing a path parameter names, by route. */
export function pathValue(world: World, path: string, name: string): string {
  const { ids, userIds } = world;
  const byName: Record<string, string> = {
    runId: ids.run!,
    activityId: ids.activity!,
    weekId: ids.stageWeek!,
    pupilId: ids.classmate!,
    enrolmentId: ids.enrolment!,
    teamId: ids.team!,
    studentId: ids.pupil!,
    fileId: ids.file!,
    companyId: ids.company!,
    userId: userIds.employer,
    kind: 'school',
    role: 'mentor',
    table: 'totaux',
  };
  if (name !== 'id') {
    const value = byName[name];
    if (!value) throw new Error(`No value for path parameter ${name} of ${path}`);
    return value;
  }
  // Runs belong to the closed campaign; every other campaign route acts on the open demo one.
  if (
    path.startsWith('/api/campaigns/{id}/runs') ||
    path.startsWith('/api/campaigns/{id}/publish')
  ) {
    return ids.closedCampaign!;
  }
  // The paper copy hangs on the signed convention; the other routes act on the pupil's own.
  if (path === '/api/agreements/{id}/scanned-copy') return ids.signedAgreement!;
  const byPrefix: [string, string][] = [
    ['/api/users/', userIds.mentor],
    ['/api/schools/', ids.school!],
    ['/api/companies/', ids.company!],
    ['/api/join-requests/', ids.schoolJoinRequest!],
    ['/api/notifications/', ids.notification!],
    ['/api/offer-reports/', ids.offerReport!],
    ['/api/offers/', ids.offer!],
    ['/api/classes/', ids.class!],
    ['/api/students/me/reflections/', ids.activity!],
    ['/api/students/', ids.pupil!],
    ['/api/agreements/', ids.agreement!],
    ['/api/applications/', ids.application!],
    ['/api/campaigns/', ids.campaign!],
    ['/api/modules/', ids.module!],
    ['/api/ambassadors/', userIds.ambassador],
    ['/api/visit-requests/', ids.visitRequest!],
    ['/api/challenges/', ids.challenge!],
    ['/api/mentoring/requests/', ids.menteeRequest!],
    ['/api/mentoring/proposals/', ids.proposal!],
    ['/api/mentoring/mentorships/', ids.mentorship!],
    ['/api/mentoring/sessions/', ids.mentoringSession!],
    ['/api/mentoring/messages/', ids.message!],
    ['/api/mentoring/reports/', ids.messageReport!],
    ['/api/passport/entries/', ids.reflection!],
  ];
  const found = byPrefix.find(([prefix]) => path.startsWith(prefix));
  if (!found) throw new Error(`No value for {id} of ${path}`);
  return found[1];
}

export interface RequestSpec {
  query?: Record<string, string>;
  body?: unknown;
  /** A raw body with its content type, for uploads (multipart, CSV). */
  raw?: { contentType: string; payload: string | Buffer };
}

const DAY = 24 * 3600 * 1000;
const parisDay = (date: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(date);
const schedule = [1, 2, 3, 4, 5].map((day) => ({
  day,
  start: '09:00',
  end: '16:30',
  breaks: [{ start: '12:00', end: '13:30' }],
}));
const policy = { priorityClasses: true, reservedShare: 0.5, reservePrecedence: 'reserved-first' };
const mentoringRequest = {
  goals: ['discover_trade'],
  tradeCodes: ['D1102'],
  modes: ['video'],
  availability: [{ day: 3, start: '14:00', end: '17:00' }],
  languages: ['fr'],
  constraints: '',
};

/** A class list as school software exports it: one pupil of 3e A, born in 2012. */
export const CLASS_LIST = 'Nom,Prénom,Date de naissance,Classe\nPETIT,Hugo,03/04/2012,3e A\n';

export function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const boundary = '----trust-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    payload: Buffer.concat(parts),
  };
}

/**
 * Requests written by hand: what a rightful caller would send, so that the route's own rules are
 * reached. The guardian's link is sent by the guardian only: anyone else tries a made-up token.
 */
export function fixture(route: Route, world: World, role: RoleName): RequestSpec | undefined {
  const { ids, userIds } = world;
  const now = Date.now();
  const linkToken = role === 'guardian' ? world.guardianToken : 'made-up-token-made-up-token-0000';
  const fixtures: Record<string, () => RequestSpec> = {
    'POST /api/auth/register': () => ({
      body: {
        email: 'nouveau.compte@trust.test',
        password: 'Un-mot-de-passe-2026',
        displayName: 'Nouveau Compte',
        role: 'student',
      },
    }),
    'POST /api/auth/login': () => ({
      body: { login: 'eleve@demo.tremplin.fr', password: 'Tremplin-demo-2026' },
    }),
    'POST /api/auth/activate': () => ({
      body: { login: 'TRM-AAAA-AAAA', password: 'Un-mot-de-passe-2026' },
    }),
    'POST /api/me/password': () => ({
      body: { currentPassword: 'Tremplin-demo-2026', newPassword: 'Un-autre-mot-2027' },
    }),
    'POST /api/me/deletion': () => ({ body: { password: 'Tremplin-demo-2026' } }),
    'PATCH /api/me': () => ({ body: { displayName: 'Nom modifié' } }),
    'POST /api/users/{id}/roles': () => ({ body: { role: 'ambassador' } }),
    'POST /api/schools': () => ({
      body: {
        uai: '0941918Z',
        name: 'Collège Nouveau (test)',
        kind: 'college',
        communeCode: '94028',
        address: '1 rue du Test',
        priority: 'rep',
      },
    }),
    'POST /api/schools/import': () => ({
      body: { csv: 'uai;nom\n', dryRun: true },
    }),
    'POST /api/schools/{id}/join-requests': () => ({ body: { role: 'teacher' } }),
    'POST /api/companies': () => ({
      body: {
        siret: '73282932000074',
        name: 'Entreprise Nouvelle (test)',
        nafCode: '47.11B',
        sizeBand: 'tpe',
        communeCode: '94081',
        address: '3 rue du Test',
      },
    }),
    'POST /api/companies/{id}/join-requests': () => ({ body: { role: 'employer' } }),
    'POST /api/offers': () => ({
      body: {
        title: 'Découverte de la pâtisserie',
        description: 'Observer la préparation des gâteaux et la vente en boutique.',
        tradeCodes: ['D1104'],
        levels: ['3e'],
        periods: [{ startDate: '2027-01-11', endDate: '2027-01-15', seats: 2 }],
        schedule,
        tutorName: 'Martine Tutrice',
        tutorRole: 'Gérante',
      },
    }),
    'PATCH /api/offers/{id}': () => ({ body: { title: 'Au fournil, nouvelle formule' } }),
    'POST /api/offers/{id}/reports': () => ({ body: { reason: 'Annonce à vérifier.' } }),
    'POST /api/offers/{id}/suspend': () => ({ body: { reason: 'Vérification en cours.' } }),
    'POST /api/offers/{id}/unsuspend': () => ({ body: { reason: 'Vérification faite.' } }),
    'POST /api/classes': () => ({ body: { name: '3e Z', level: '3e', schoolYear: 2026 } }),
    'PATCH /api/classes/{id}': () => ({ body: { name: '3e A bis' } }),
    'POST /api/classes/import': () => ({
      body: { csv: CLASS_LIST, dryRun: true },
    }),
    'POST /api/classes/import/raw': () => ({
      query: { dryRun: 'true' },
      raw: { contentType: 'text/csv', payload: CLASS_LIST },
    }),
    'POST /api/schools/{id}/stage-weeks': () => ({
      body: { level: '4e', startDate: '2027-05-10', endDate: '2027-05-14' },
    }),
    'PATCH /api/students/me': () => ({ body: { interests: ['D1102'] } }),
    'PATCH /api/students/{id}': () => ({ body: { firstName: 'Inès' } }),
    'PUT /api/agreements/{id}/annexes': () => ({
      body: {
        teachingAnnex: {
          referentTeacherName: 'Paul Professeur',
          tutorName: 'Martine Tutrice',
          tutorRole: 'Gérante',
          startDate: '2027-01-18',
          endDate: '2027-01-22',
          dailyHours: schedule,
          objectives: 'Découvrir les métiers du fournil.',
        },
        practicalAnnex: { meals: 'Repas tiré du sac.', travel: 'À pied.', insurance: 'Oui.' },
        version: ids.agreementVersion,
      },
    }),
    'POST /api/agreements/{id}/signatures': () => ({
      body: {
        as: role === 'employer' ? 'host' : role === 'schoolAdmin' ? 'school' : 'pupil',
        version: ids.agreementVersion,
      },
    }),
    'POST /api/agreements/{id}/scanned-copy': () => ({
      body: {
        fileName: 'convention.pdf',
        contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
      },
    }),
    'POST /api/agreements/{id}/attendance': () => ({
      body: { appraisal: 'Très bonne semaine, curieuse et ponctuelle.' },
    }),
    'POST /api/agreements/{id}/feedback': () => ({
      body: { feedback: 'J’ai beaucoup appris au fournil.' },
    }),
    'POST /api/guardian-links/open': () => ({ body: { token: linkToken } }),
    'POST /api/guardian-links/pdf': () => ({ body: { token: linkToken } }),
    'POST /api/guardian-links/sign': () => ({
      body: {
        token: linkToken,
        signerName: 'Karim Parent',
        consent: true,
        version: ids.agreementVersion,
      },
    }),
    'POST /api/applications': () => ({
      body: { periodId: ids.period, motivation: 'J’aime le pain.' },
    }),
    'GET /api/applications/options': () => ({ query: { offer: ids.offer! } }),
    'POST /api/applications/{id}/reject': () => ({ body: { reason: 'Plus de place.' } }),
    'POST /api/applications/decisions': () => ({
      body: { ids: [ids.application], decision: 'accept' },
    }),
    'POST /api/campaigns': () => ({
      body: {
        name: 'Campagne de test',
        levels: ['3e'],
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 7 * DAY).toISOString(),
        maxWishes: 3,
        policy,
        periodIds: [ids.period],
      },
    }),
    'PATCH /api/campaigns/{id}': () => ({ body: { name: 'Campagne renommée' } }),
    'POST /api/campaigns/{id}/runs': () => ({ body: { policy } }),
    'GET /api/campaigns/{id}/runs/{runId}/compare': () => ({ query: { with: ids.otherRun! } }),
    'POST /api/campaigns/{id}/publish': () => ({ body: { runId: ids.run } }),
    'POST /api/campaigns/{id}/second-round': () => ({
      body: { closesAt: new Date(now + 7 * DAY).toISOString() },
    }),
    'PUT /api/campaigns/{id}/wishes': () => ({ body: { periodIds: [] } }),
    'POST /api/modules': () => ({ body: { classId: ids.class, title: 'Module de test' } }),
    'PATCH /api/modules/{id}': () => ({ body: { title: 'Module renommé' } }),
    'POST /api/modules/{id}/copy': () => ({ body: { classId: ids.class } }),
    'POST /api/modules/{id}/activities': () => ({
      body: { kind: 'workshop', title: 'Atelier CV' },
    }),
    'PATCH /api/modules/{id}/activities/{activityId}': () => ({
      body: { title: 'Atelier renommé' },
    }),
    'PUT /api/modules/{id}/activities/order': () => ({ body: { activityIds: [ids.activity] } }),
    'PUT /api/students/me/reflections/{id}': () => ({
      body: { text: 'J’ai aimé cet atelier.' },
    }),
    'PUT /api/ambassadors/me': () => ({
      body: {
        companyId: null,
        tradeCodes: ['F1703'],
        bio: 'Maçon depuis vingt ans.',
        communes: ['94028'],
        formats: ['talk'],
        maxVisitsPerMonth: 2,
        availableDates: ['2027-03-16'],
      },
    }),
    'POST /api/visit-requests': () => ({
      body: {
        activityId: ids.activity,
        tradeCodes: ['D1102'],
        candidateDates: ['2027-03-16'],
      },
    }),
    'POST /api/visit-requests/{id}/propose': () => ({
      body: { ambassadorId: userIds.ambassador, date: '2027-03-16' },
    }),
    'POST /api/visit-requests/{id}/refuse': () => ({ body: { reason: 'Pas cette semaine.' } }),
    'POST /api/visit-requests/{id}/attendance': () => ({ body: { attendance: 24 } }),
    'POST /api/visit-requests/{id}/feedback': () => ({ body: { feedback: 'Merci !' } }),
    'POST /api/visit-requests/assign': () => ({ body: { dryRun: true } }),
    'POST /api/challenges': () => ({ body: challengeBody(now) }),
    'PUT /api/challenges/{id}': () => ({ body: challengeBody(now) }),
    'POST /api/challenges/{id}/organisers': () => ({ body: { siret: '73282932000074' } }),
    'POST /api/challenges/{id}/jurors': () => ({ body: { email: 'mentor@demo.tremplin.fr' } }),
    'POST /api/challenges/{id}/enrolments': () => ({ body: { classId: ids.class } }),
    'POST /api/challenges/{id}/teams': () => ({
      body: { enrolmentId: ids.enrolment, name: 'Équipe test' },
    }),
    'POST /api/challenges/{id}/teams/auto': () => ({ body: { teamCount: 2 } }),
    'PATCH /api/challenges/{id}/teams/{teamId}': () => ({ body: { name: 'Les boulangers' } }),
    'PUT /api/challenges/{id}/pupils/{studentId}': () => ({ body: { teamId: ids.team } }),
    'PUT /api/challenges/{id}/teams/{teamId}/submission': () => ({
      raw: multipart({ text: 'Notre idée, version 2.' }),
    }),
    'PUT /api/challenges/{id}/teams/{teamId}/score': () => ({
      body: { marks: { Idée: 8 }, comment: 'Belle idée.' },
    }),
    'PUT /api/mentoring/mentor-profile': () => ({
      body: {
        tradeCodes: ['M1805'],
        languages: ['fr'],
        modes: ['video'],
        communes: ['94028'],
        capacity: 2,
        availability: [{ day: 3, start: '14:00', end: '18:00' }],
        bio: 'Développeuse, je parle de mon métier.',
      },
    }),
    'PUT /api/mentoring/mentor-profile/paused': () => ({ body: { paused: true } }),
    'POST /api/mentoring/requests': () => ({ body: mentoringRequest }),
    'PUT /api/mentoring/requests/{id}': () => ({ body: mentoringRequest }),
    'POST /api/mentoring/requests/{id}/consent': () => ({
      body: { guardianName: 'Karim Parent', confirmed: true },
    }),
    'POST /api/mentoring/requests/{id}/ask': () => ({ body: { mentorId: userIds.mentor } }),
    'POST /api/mentoring/pairing/proposals': () => ({
      body: { pairs: [{ requestId: ids.menteeRequest, mentorId: userIds.mentor }] },
    }),
    'POST /api/mentoring/mentorships/{id}/sessions': () => ({
      body: {
        startsAt: '2027-01-20T15:00:00.000Z',
        endsAt: '2027-01-20T16:00:00.000Z',
        mode: 'video',
      },
    }),
    'PUT /api/mentoring/sessions/{id}/notes': () => ({ body: { notes: 'Bonne séance.' } }),
    'POST /api/mentoring/mentorships/{id}/close': () => ({ body: { feedback: 'Merci.' } }),
    'PUT /api/mentoring/mentorships/{id}/feedback': () => ({ body: { feedback: 'Merci.' } }),
    'POST /api/mentoring/mentorships/{id}/messages': () => ({ body: { body: 'Bonjour !' } }),
    'POST /api/mentoring/messages/{id}/reports': () => ({ body: { reason: 'À vérifier.' } }),
    'POST /api/mentoring/reports/{id}/decision': () => ({
      body: { hideMessage: false, suspendSender: false, note: 'Rien à redire.' },
    }),
    'POST /api/passport/entries': () => ({
      body: { title: 'Ma réflexion', description: 'Ce que j’ai appris.' },
    }),
    'PATCH /api/passport/entries/{id}': () => ({ body: { visible: false } }),
    'PUT /api/passport/visibility': () => ({ body: { visible: [ids.reflection] } }),
    'GET /api/observatory/impact': () => ({ query: { companyId: ids.company! } }),
    'GET /api/observatory/impact/pdf': () => ({ query: { companyId: ids.company! } }),
  };
  return fixtures[route.key]?.();
}

function challengeBody(now: number) {
  const deadline = new Date(now + 30 * DAY);
  return {
    title: 'La boulangerie zéro déchet',
    brief:
      'Imaginez en équipe une boulangerie de quartier sans déchet : emballages, invendus, énergie.',
    tradeCodes: ['D1102'],
    levels: ['3e'],
    launchOn: parisDay(new Date(now - 7 * DAY)),
    submissionDeadline: deadline.toISOString(),
    juryOn: parisDay(new Date(deadline.getTime() + 7 * DAY)),
    teamMin: 2,
    teamMax: 4,
    maxTeams: 6,
    prizes: 'Une visite du fournil pour la classe gagnante.',
    rubric: [{ label: 'Idée', weight: 1, max: 10 }],
  };
}

/** The URL, query and payload of a call to a route, for the given role. */
export function buildRequest(route: Route, world: World, role: RoleName) {
  let url = route.path;
  for (const param of route.params) {
    url = url.replace(
      `{${param.name}}`,
      encodeURIComponent(pathValue(world, route.path, param.name)),
    );
  }
  const spec = fixture(route, world, role) ?? {};
  const query: Record<string, string> = { ...spec.query };
  for (const param of route.query) {
    if (param.required && query[param.name] === undefined) {
      query[param.name] = String(validValue(param.schema));
    }
  }
  const qs = new URLSearchParams(query).toString();
  let payload: unknown;
  let contentType: string | undefined;
  if (spec.raw) {
    payload = spec.raw.payload;
    contentType = spec.raw.contentType;
  } else if (spec.body !== undefined) {
    payload = spec.body;
  } else if (route.body) {
    payload = validValue(route.body);
  } else if (route.method !== 'GET' && route.method !== 'DELETE') {
    payload = undefined;
  }
  return { url: qs ? `${url}?${qs}` : url, payload, contentType };
}
