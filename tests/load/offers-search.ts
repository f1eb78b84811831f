// Speed of the offer search under load. Creates a scratch PostgreSQL database, migrates it, seeds
// 10,000 published offers (with their periods), 20,000 pupils and some applications, starts the
// built API against it, then drives GET /api/offers (text + distance + dates, as pupils with
// different homes and schools) with autocannon at 200 connections, then GET /health in the same
// run, and prints requests/s, p50 and p99 for both. Targets: search p99 under 50 ms and at least a
// third of /health's throughput. Only 127.0.0.1 is targeted; each run is bounded in time.
//
//   npx -y pnpm@10.34.9 build     # the API bundle in apps/api/dist
//   npx -y pnpm@10.34.9 --filter @tremplin/load offers-search
//
// LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server and a
// database to connect to first; LOAD_SECONDS (default 20) the length of each run; LOAD_KEEP=true
// keeps the scratch database afterwards; LOAD_SEARCH_CACHE sets the API's SEARCH_CACHE_SECONDS
// (default: the API's own default, 30; 0 matches every search in the database); LOAD_WARM_ALL=true
// asks every (pupil, search) pair once before measuring (by default the measured run meets each
// pair for the first time within it: 960 pairs, cold caches); LOAD_API_NODE_ARGS passes options
// to the API's node (--cpu-prof ...); LOAD_TIMELINE=true prints p99 and max latency by second.
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { searchable } from '@tremplin/db';
import {
  apiBundle,
  migrateScratch,
  prng,
  register,
  scratchDatabase,
  startApi,
  stopApi,
  waitForHealth,
  type ApiProcess,
  freePort,
} from './lib.js';

const seconds = Number(process.env.LOAD_SECONDS || 20);
const keep = process.env.LOAD_KEEP === 'true';
const searchCache = process.env.LOAD_SEARCH_CACHE;
const warmAll = process.env.LOAD_WARM_ALL === 'true';
const timeline = process.env.LOAD_TIMELINE === 'true';
const SCRATCH = 'tremplin_load_offers';
const PORT = await freePort(3191);
const BASE = `http://127.0.0.1:${PORT}`;
const CONNECTIONS = 200;
const OFFERS = 10_000;
const PUPILS = 20_000;
const SIGNED_IN = 40;

const families = [
  {
    codes: ['D1102', 'D1104'],
    words: 'boulangerie pâtisserie fabrication du pain viennoiserie fournil',
  },
  {
    codes: ['I1604', 'I1606'],
    words: 'mécanique automobile garage atelier carrosserie entretien véhicules',
  },
  { codes: ['M1805', 'M1801'], words: 'informatique développement web réseau numérique logiciel' },
  { codes: ['J1202'], words: 'pharmacie officine conseil santé médicaments' },
  { codes: ['F1703', 'F1602'], words: 'chantier maçonnerie électricité bâtiment construction' },
  { codes: ['N1103', 'N1303'], words: 'logistique entrepôt préparation de commandes expédition' },
  { codes: ['G1602', 'G1803'], words: 'cuisine restaurant service en salle hôtellerie' },
  { codes: ['D1202'], words: 'coiffure salon beauté soins' },
  { codes: ['E1205'], words: 'vidéo multimédia montage création de contenus' },
  { codes: ['K2111'], words: 'formation enseignement animation adultes' },
];
const SEARCH_WORDS = [
  'boulangerie',
  'informatique',
  'chantier',
  'pharmacie',
  'logistique',
  'cuisine',
  'garage',
  'coiffure',
];
const WEEKS = [
  ['2027-01-11', '2027-01-15'],
  ['2027-01-18', '2027-01-22'],
  ['2027-01-25', '2027-01-29'],
  ['2027-02-01', '2027-02-05'],
  ['2027-03-08', '2027-03-12'],
  ['2027-06-14', '2027-06-18'],
] as const;
// One offer in five is for 2de pupils (the June fortnight), taken across every trade family: with
// n % 5, the families were fixed by n % 10 and two of them (bakery, logistics) had only 2de
// offers, so a quarter of the 3e pupils' searches found nothing.
const secondeOffer = (n: number) => Math.floor(n / families.length) % 5 === 0;
const schedule = [1, 2, 3, 4, 5].map((day) => ({
  day,
  start: '09:00',
  end: '16:30',
  breaks: [{ start: '12:00', end: '13:30' }],
}));

async function seed(url: string) {
  await migrateScratch(url);

  const sql = postgres(url, { max: 4, onnotice: () => {} });
  const random = prng(94);
  const communes = await sql<{ code: string; lat: number; lon: number }[]>`
    select code, lat, lon from communes order by code`;
  const labels = new Map(
    (await sql<{ code: string; label: string }[]>`select code, label from trades`).map((t) => [
      t.code,
      t.label,
    ]),
  );
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const jitter = () => (random() - 0.5) * 0.02;

  // Schools (a third REP or REP+) and their 3e stage weeks.
  const schools = Array.from({ length: 90 }, (_, i) => {
    const c = pick(communes);
    return {
      uai: `09${String(i).padStart(5, '0')}X`,
      name: `Collège de charge ${i}`,
      kind: 'college',
      commune_code: c.code,
      address: '',
      lat: c.lat + jitter(),
      lon: c.lon + jitter(),
      priority: i % 3 === 0 ? 'rep_plus' : i % 3 === 1 ? 'rep' : 'none',
      search_text: `college de charge ${i}`,
    };
  });
  const schoolIds = (
    await sql<{ id: string }[]>`insert into schools ${sql(schools)} returning id`
  ).map((r) => r.id);
  await sql`insert into stage_weeks ${sql(
    schoolIds.map((id, i) => ({
      school_id: id,
      level: '3e',
      start_date: WEEKS[i % 4]![0],
      end_date: WEEKS[i % 4]![1],
    })),
  )}`;

  // Companies and their offers.
  const companies = Array.from({ length: 2000 }, (_, i) => {
    const c = pick(communes);
    return {
      siret: `8${String(i).padStart(13, '0')}`,
      name: `Entreprise de charge ${i}`,
      naf_code: '47.11B',
      size_band: 'tpe',
      commune_code: c.code,
      address: `${i} rue du Test`,
      lat: c.lat + jitter(),
      lon: c.lon + jitter(),
    };
  });
  const companyRows: { id: string; commune_code: string; lat: number; lon: number }[] = [];
  for (let i = 0; i < companies.length; i += 1000) {
    companyRows.push(
      ...(await sql<{ id: string; commune_code: string; lat: number; lon: number }[]>`
        insert into companies ${sql(companies.slice(i, i + 1000))} returning id, commune_code, lat, lon`),
    );
  }
  const periodRows: Record<string, unknown>[] = [];
  for (let i = 0; i < OFFERS; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, OFFERS - i) }, (_, k) => {
      const n = i + k;
      const company = companyRows[n % companyRows.length]!;
      const family = families[n % families.length]!;
      const title = `Découverte ${family.words.split(' ').slice(0, 2).join(' ')} ${n}`;
      const description = `Observer ${family.words} au quotidien, avec l'équipe ${n}.`;
      return {
        company_id: company.id,
        title,
        description,
        trade_codes: family.codes,
        levels: secondeOffer(n) ? ['2de'] : ['3e'],
        address: '',
        commune_code: company.commune_code,
        lat: company.lat + jitter() / 4,
        lon: company.lon + jitter() / 4,
        accessible: n % 4 === 0,
        schedule: sql.json(schedule),
        tutor_name: 'Tuteur de charge',
        status: 'published',
        published_at: new Date(),
        search_text: searchable(
          `${title} ${description} ${family.codes.map((c) => labels.get(c) ?? '').join(' ')}`,
        ),
      };
    });
    const ids = await sql<{ id: string }[]>`insert into offers ${sql(batch)} returning id`;
    ids.forEach((row, k) => {
      const n = i + k;
      const weeks = secondeOffer(n) ? [WEEKS[5]!] : [WEEKS[n % 4]!, WEEKS[(n + 1) % 5]!];
      for (const [start, end] of weeks) {
        periodRows.push({
          offer_id: row.id,
          start_date: start,
          end_date: end,
          seats: 1 + (n % 4),
          reserved_seats: n % 7 === 0 ? 1 : 0,
          reserved_until: n % 7 === 0 ? '2026-12-18' : null,
        });
      }
    });
  }
  const periodIds: { id: string; offer_id: string }[] = [];
  for (let i = 0; i < periodRows.length; i += 2000) {
    periodIds.push(
      ...(await sql<{ id: string; offer_id: string }[]>`
        insert into offer_periods ${sql(periodRows.slice(i, i + 2000) as never)} returning id, offer_id`),
    );
  }

  // Pupils: users, school records (home commune, interests), and applications for a third.
  const pupilIds: string[] = [];
  for (let i = 0; i < PUPILS; i += 2000) {
    const users = Array.from({ length: Math.min(2000, PUPILS - i) }, (_, k) => ({
      display_name: `Élève de charge ${i + k}`,
      login_code: `LOAD-${i + k}`,
    }));
    const ids = await sql<{ id: string }[]>`insert into users ${sql(users)} returning id`;
    await sql`insert into user_roles ${sql(ids.map((u) => ({ user_id: u.id, role: 'student' })))}`;
    await sql`insert into students ${sql(
      ids.map((u, k) => ({
        user_id: u.id,
        school_id: schoolIds[(i + k) % schoolIds.length]!,
        level: '3e',
        first_name: 'Élève',
        last_name: `Charge${i + k}`,
        home_commune_code: pick(communes).code,
        interests: pick(families).codes,
      })),
    )}`;
    pupilIds.push(...ids.map((u) => u.id));
  }
  const applications: Record<string, unknown>[] = [];
  for (let k = 0; k < PUPILS / 3; k++) {
    const period = periodIds[Math.floor(random() * periodIds.length)]!;
    applications.push({
      offer_id: period.offer_id,
      period_id: period.id,
      student_id: pupilIds[k]!,
      status: k % 4 === 0 ? 'accepted' : 'submitted',
    });
  }
  for (let i = 0; i < applications.length; i += 2000) {
    await sql`insert into applications ${sql(applications.slice(i, i + 2000) as never)}`;
  }
  await sql`analyze`;
  await sql.end();
  return { schoolIds, periods: periodIds.length, applications: applications.length };
}

/** Pupils who can sign in: registered through the API, then given a school record. */
async function signInPupils(url: string, schoolIds: string[]): Promise<string[]> {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const communes = (await sql<{ code: string }[]>`select code from communes order by code`).map(
    (c) => c.code,
  );
  const tokens: string[] = [];
  for (let i = 0; i < SIGNED_IN; i++) {
    const pupil = await register(BASE, {
      email: `eleve.charge.${i}@example.test`,
      password: 'Charge-de-test-2026',
      displayName: `Élève connecté ${i}`,
      role: 'student',
    });
    await sql`insert into students ${sql({
      user_id: pupil.userId,
      school_id: schoolIds[i % schoolIds.length]!,
      level: '3e',
      first_name: 'Élève',
      last_name: `Connecté${i}`,
      home_commune_code: communes[(i * 7) % communes.length]!,
      interests: ['M1805'],
    })}`;
    tokens.push(pupil.token);
  }
  await sql.end();
  return tokens;
}

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

async function drive(
  title: string,
  requests: autocannon.Request[],
  headersFor?: (i: number) => Record<string, string>,
): Promise<Figures> {
  let n = 0;
  const instance = autocannon({
    url: BASE,
    connections: CONNECTIONS,
    duration: seconds,
    requests: requests.map((r) => ({
      ...r,
      setupRequest: (req) => {
        n++;
        return headersFor ? { ...req, headers: { ...req.headers, ...headersFor(n) } } : req;
      },
    })),
  });
  // Latencies by second of the run: where the slowest requests fall (a cold start, a pause).
  const started = performance.now();
  const bySecond: number[][] = [];
  // The instance is an event emitter too (its types only say Promise without a callback).
  const events = instance as unknown as EventEmitter;
  events.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    const second = Math.floor((performance.now() - started) / 1000);
    (bySecond[second] ??= []).push(ms);
  });
  const result = await instance;
  if (timeline) {
    const line = bySecond.map((times, second) => {
      times.sort((a, b) => a - b);
      const p99 = times[Math.floor(times.length * 0.99)] ?? 0;
      return `${second}s ${times.length} p99 ${Math.round(p99)} max ${Math.round(times.at(-1) ?? 0)}`;
    });
    console.log(`${title}, by second: ${line.join(' · ')}`);
  }
  const figures = {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
  console.log(
    `${title}: ${figures.requestsPerSecond} requests/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms ` +
      `(${figures.total} requests, ${figures.non2xx} non-2xx, ${figures.errors} errors)`,
  );
  return figures;
}

async function main() {
  const bundle = apiBundle();
  const database = await scratchDatabase(SCRATCH, {
    // As infra/README.md recommends for a database on SSD or in memory: index scans costed right.
    settings: { random_page_cost: 1.1 },
  });
  const url = database.url;
  let api: ApiProcess | undefined;
  try {
    const started = Date.now();
    const seeded = await seed(url);
    console.log(
      `Seeded ${OFFERS} offers (${seeded.periods} periods), ${PUPILS} pupils, ${seeded.applications} applications in ${Math.round((Date.now() - started) / 1000)} s.`,
    );
    api = startApi({
      url,
      port: PORT,
      bundle,
      logLevel: 'silent',
      stdout: 'inherit',
      env: searchCache !== undefined ? { SEARCH_CACHE_SECONDS: searchCache } : {},
    });
    await waitForHealth(BASE, 60_000);
    const tokens = await signInPupils(url, seeded.schoolIds);

    // Text + distance + dates, as different pupils (homes, schools, REP or not).
    const searches = SEARCH_WORDS.flatMap((word) =>
      [5, 10, 20].map((radius) => ({
        method: 'GET' as const,
        path: `/api/offers?q=${encodeURIComponent(word)}&radiusKm=${radius}&dateFrom=2027-01-01&dateTo=2027-02-28`,
      })),
    );
    // Warm-up (connections, plans, caches), not measured.
    await autocannon({
      url: BASE,
      connections: 20,
      duration: 3,
      requests: [{ method: 'GET', path: '/health' }],
    });
    await autocannon({
      url: BASE,
      connections: 20,
      duration: 3,
      requests: searches.map((r) => ({
        ...r,
        setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${tokens[0]}` } }),
      })),
    });
    if (warmAll) {
      // Every (pupil, search) pair asked once, 20 at a time, before measuring: the figures are
      // then those of a warm cache (what most searches meet once a school's pupils have begun).
      const pairs = tokens.flatMap((token) => searches.map((r) => ({ token, path: r.path })));
      const started = performance.now();
      for (let i = 0; i < pairs.length; i += 20) {
        await Promise.all(
          pairs
            .slice(i, i + 20)
            .map((p) =>
              fetch(`${BASE}${p.path}`, { headers: { authorization: `Bearer ${p.token}` } }).then(
                (r) => r.arrayBuffer(),
              ),
            ),
        );
      }
      console.log(
        `Warm-up: each of the ${pairs.length} (pupil, search) pairs asked once in ${Math.round(performance.now() - started)} ms.`,
      );
    }
    const search = await drive('GET /api/offers (text + distance + dates)', searches, (i) => ({
      authorization: `Bearer ${tokens[i % tokens.length]}`,
    }));
    const health = await drive('GET /health', [{ method: 'GET', path: '/health' }]);
    const share = search.requestsPerSecond / Math.max(1, health.requestsPerSecond);
    console.log(
      `Search throughput is ${(share * 100).toFixed(0)}% of /health's (target: at least 33%); search p99 ${search.p99} ms (target: under 50 ms).`,
    );
    console.log(
      JSON.stringify({
        connections: CONNECTIONS,
        seconds,
        searchCacheSeconds: searchCache ?? 'default (30)',
        warmAll,
        search,
        health,
        searchShareOfHealth: Math.round(share * 1000) / 1000,
        targetsMet: search.p99 < 50 && share >= 1 / 3 && search.non2xx === 0,
      }),
    );
  } finally {
    await stopApi(api);
    if (!keep) await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
