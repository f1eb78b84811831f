// A département allocation campaign against the built API on PostgreSQL, from close to published:
// 20,000 pupils of 3e in 140 collèges (about a quarter REP or REP+), 10,000 offer periods holding
// 25,000 seats, 1 to 10 wishes each (drawn near home and towards popular offers). Creates a scratch
// database, seeds it, starts the built API (jobs off, so the run is computed inside the close
// request), then: closes the campaign (seed drawn, wishes loaded, solved, verified, explained,
// written), publishes the run (20,000-odd confirmed applications, events and agreements, every
// pupil notified, in one transaction), and prints each step's duration. Only 127.0.0.1 is targeted.
//
//   npx -y pnpm@10.34.9 build     # the API bundle in apps/api/dist
//   cd tests/load && npx tsx campaign-allocation.ts
//
// LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server;
// CAMPAIGN_PUPILS (20000), CAMPAIGN_PERIODS (10000), CAMPAIGN_SEATS (25000) shape the run;
// LOAD_KEEP=true keeps the scratch database afterwards.
import postgres from 'postgres';
import {
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

const keep = process.env.LOAD_KEEP === 'true';
const PUPILS = Number(process.env.CAMPAIGN_PUPILS || 20_000);
const PERIODS = Number(process.env.CAMPAIGN_PERIODS || 10_000);
const SEATS = Number(process.env.CAMPAIGN_SEATS || 25_000);
const SCHOOLS = 140;
const COMPANIES = 3_000;
const SCRATCH = 'tremplin_load_campaign';
const PORT = await freePort(3153);
const BASE = `http://127.0.0.1:${PORT}`;

const WEEKS = [
  ['2027-01-11', '2027-01-15'],
  ['2027-01-18', '2027-01-22'],
  ['2027-01-25', '2027-01-29'],
  ['2027-02-01', '2027-02-05'],
] as const;

/** A valid fictitious UAI (0949 + 3 digits + check letter) and SIRET (Luhn) for row n. */
function uai(n: number): string {
  const digits = `094${String(n).padStart(4, '0')}`;
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  return digits + letters[Number(digits) % 23];
}
function siret(n: number): string {
  const base = `9${String(n).padStart(12, '0')}`;
  for (let d = 0; d <= 9; d++) {
    const c = base + d;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let digit = Number(c[13 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return c;
  }
  throw new Error('unreachable');
}

async function seed(url: string) {
  await migrateScratch(url, 2);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const random = prng(2026); // the same campaign at every run
  try {
    const communes = (await sql`select code, lat, lon from communes order by code`) as unknown as {
      code: string;
      lat: number;
      lon: number;
    }[];
    const schoolRows = Array.from({ length: SCHOOLS }, (_, i) => {
      const c = communes[i % communes.length]!;
      // The most deprived schools first: about a quarter REP or REP+.
      const priority = i < 12 ? 'rep_plus' : i < 35 ? 'rep' : 'none';
      return {
        uai: uai(i + 1),
        name: `Collège de charge ${i + 1}`,
        kind: 'college',
        commune_code: c.code,
        lat: c.lat + (random() - 0.5) * 0.01,
        lon: c.lon + (random() - 0.5) * 0.01,
        priority,
        search_text: `college de charge ${i + 1}`,
      };
    });
    const schools =
      (await sql`insert into schools ${sql(schoolRows)} returning id, commune_code`) as unknown as {
        id: string;
        commune_code: string;
      }[];
    const companyRows = Array.from({ length: COMPANIES }, (_, i) => {
      const c = communes[Math.floor(random() * communes.length)]!;
      return {
        siret: siret(i + 1),
        name: `Entreprise de charge ${i + 1}`,
        naf_code: '47.11B',
        size_band: 'tpe',
        commune_code: c.code,
        lat: c.lat,
        lon: c.lon,
      };
    });
    const companies =
      (await sql`insert into companies ${sql(companyRows)} returning id, commune_code, lat, lon`) as unknown as {
        id: string;
        commune_code: string;
        lat: number;
        lon: number;
      }[];

    // Seats: mostly one or two, a few with many, summing to SEATS exactly.
    const seats = Array.from(
      { length: PERIODS },
      () => 1 + Math.floor(-Math.log(1 - random()) * 1.2),
    );
    let total = seats.reduce((a, b) => a + b, 0);
    for (let i = 0; total !== SEATS; i = (i + 1) % PERIODS) {
      if (total < SEATS) {
        seats[i]!++;
        total++;
      } else if (seats[i]! > 1) {
        seats[i]!--;
        total--;
      }
    }
    const schedule = [1, 2, 3, 4, 5].map((day) => ({
      day,
      start: '09:00',
      end: '16:00',
      breaks: [{ start: '12:00', end: '13:00' }],
    }));
    const offerRows = Array.from({ length: PERIODS }, (_, i) => {
      const company = companies[i % COMPANIES]!;
      return {
        company_id: company.id,
        title: `Offre de charge ${i + 1}`,
        description: 'Observer un atelier.',
        trade_codes: ['D1102'],
        levels: '{3e}',
        address: '1 rue du Test',
        commune_code: company.commune_code,
        lat: company.lat + (random() - 0.5) * 0.01,
        lon: company.lon + (random() - 0.5) * 0.01,
        schedule: sql.json(schedule),
        tutor_name: 'Tutrice Test',
        status: 'published',
        published_at: new Date(),
        search_text: `offre de charge ${i + 1}`,
      };
    });
    const offers: { id: string; commune_code: string }[] = [];
    for (let i = 0; i < offerRows.length; i += 2000) {
      offers.push(
        ...((await sql`insert into offers ${sql(offerRows.slice(i, i + 2000))} returning id, commune_code`) as unknown as {
          id: string;
          commune_code: string;
        }[]),
      );
    }
    const periodIds: string[] = [];
    const periodRows = offers.map((o, i) => {
      const week = WEEKS[i % WEEKS.length]!;
      return { offer_id: o.id, start_date: week[0], end_date: week[1], seats: seats[i]! };
    });
    for (let i = 0; i < periodRows.length; i += 3000) {
      const rows =
        await sql`insert into offer_periods ${sql(periodRows.slice(i, i + 3000))} returning id`;
      periodIds.push(...rows.map((r) => r.id as string));
    }

    const pupils = (await sql`
      with made as (
        insert into users (display_name, login_code)
        select 'Élève ' || g, 'CMP-' || g from generate_series(1, ${PUPILS}) g
        returning id
      ), roles as (insert into user_roles (user_id, role) select id, 'student' from made)
      select id from made`) as unknown as { id: string }[];
    const studentRows = pupils.map((p, i) => {
      const school = schools[i % SCHOOLS]!;
      return {
        user_id: p.id,
        school_id: school.id,
        level: '3e',
        first_name: 'Élève',
        last_name: `N${i + 1}`,
        home_commune_code: school.commune_code,
      };
    });
    for (let i = 0; i < studentRows.length; i += 5000) {
      await sql`insert into students ${sql(studentRows.slice(i, i + 5000))}`;
    }

    const now = Date.now();
    const [campaign] = await sql`
      insert into campaigns (name, levels, opens_at, closes_at, max_wishes, policy, status)
      values ('Campagne de charge 3e', '{3e}', ${new Date(now - 7 * 86_400_000)},
        ${new Date(now + 86_400_000)}, 10,
        ${sql.json({ priorityClasses: true, reservedShare: 0.2, reservePrecedence: 'reserved-first' })},
        'open')
      returning id`;
    const campaignId = campaign!.id as string;
    await sql`update offer_periods set campaign_id = ${campaignId}`;

    // Wishes: 1 to 10 (mean about 6), two in three near home, popular offers more often.
    const byCommune = new Map<string, number[]>();
    offers.forEach((o, i) => {
      const list = byCommune.get(o.commune_code) ?? [];
      list.push(i);
      byCommune.set(o.commune_code, list);
    });
    const popular = (n: number) => Math.floor(n * random() ** 2);
    let wishRows: {
      campaign_id: string;
      round: number;
      student_id: string;
      period_id: string;
      rank: number;
    }[] = [];
    let wishes = 0;
    for (const [i, pupil] of pupils.entries()) {
      const near = byCommune.get(studentRows[i]!.home_commune_code) ?? [];
      const count = 1 + Math.min(9, Math.floor(random() * 6 + random() * 5));
      const chosen = new Set<number>();
      for (let tries = 0; chosen.size < count && tries < 50; tries++) {
        const o =
          near.length > 0 && random() < 0.66 ? near[popular(near.length)]! : popular(PERIODS);
        chosen.add(o);
      }
      let rank = 1;
      for (const o of chosen) {
        wishRows.push({
          campaign_id: campaignId,
          round: 1,
          student_id: pupil.id,
          period_id: periodIds[o]!,
          rank: rank++,
        });
      }
      if (wishRows.length >= 10_000) {
        await sql`insert into campaign_wishes ${sql(wishRows)}`;
        wishes += wishRows.length;
        wishRows = [];
      }
    }
    if (wishRows.length > 0) {
      await sql`insert into campaign_wishes ${sql(wishRows)}`;
      wishes += wishRows.length;
    }
    await sql`analyze`;
    return { campaignId, wishes };
  } finally {
    await sql.end();
  }
}

/** An operator registered through the API, given the role in the database: a bearer token. */
async function operator(url: string): Promise<string> {
  const account = await register(BASE, {
    email: `operateur.${Date.now()}@load.test`,
    displayName: 'Opératrice de charge',
    role: 'teacher',
  });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into user_roles (user_id, role) values (${account.userId}, 'operator')`;
  } finally {
    await sql.end();
  }
  return account.token;
}

async function post(token: string, path: string, body?: object) {
  const t0 = performance.now();
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return { json, ms: performance.now() - t0 };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const database = await scratchDatabase(SCRATCH);
  const url = database.url;
  let api: ApiProcess | undefined;
  try {
    const t = performance.now();
    const seeded = await seed(url);
    console.log(
      `seeded ${PUPILS} pupils, ${PERIODS} periods, ${SEATS} seats, ${seeded.wishes} wishes in ${s(performance.now() - t)}`,
    );
    api = startApi({ url, port: PORT, logLevel: 'silent', stdout: 'inherit' });
    await waitForHealth(BASE, 60_000);
    const token = await operator(url);

    const closed = await post(token, `/api/campaigns/${seeded.campaignId}/close`);
    const run = closed.json.run as {
      id: string;
      status: string;
      error: string | null;
      report: {
        students: number;
        placed: number;
        placementRate: number;
        firstWishShare: number;
        meanDistanceKm: number | null;
        timings: Record<string, number>;
        byPriority: { priority: string; placementRate: number }[];
      } | null;
    };
    if (run.status !== 'done' || !run.report) throw new Error(`run ${run.status}: ${run.error}`);
    const timings = run.report.timings;
    const published = await post(token, `/api/campaigns/${seeded.campaignId}/publish`, {
      runId: run.id,
    });
    const report = published.json as { placed: number; agreements: number; durationMs: number };

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const [check] = await sql`select
      (select count(*)::int from applications where campaign_id = ${seeded.campaignId} and status = 'confirmed') as applications,
      (select count(*)::int from agreements) as agreements,
      (select count(*)::int from notifications where kind like 'campaign.%') as notified`;
    await sql.end();
    if (check!.applications !== report.placed || check!.agreements !== report.placed) {
      throw new Error(`published rows do not match: ${JSON.stringify(check)} vs ${report.placed}`);
    }
    const total = closed.ms + published.ms;
    console.log(
      JSON.stringify(
        {
          pupils: run.report.students,
          placed: run.report.placed,
          placementRate: Number(run.report.placementRate.toFixed(4)),
          firstWishShare: Number(run.report.firstWishShare.toFixed(4)),
          meanDistanceKm: run.report.meanDistanceKm,
          byPriority: run.report.byPriority.map((p) => [
            p.priority,
            Number(p.placementRate.toFixed(4)),
          ]),
          notified: check!.notified,
        },
        null,
        0,
      ),
    );
    console.log(`close request (seed, run inside):  ${s(closed.ms)}`);
    console.log(`  load wishes and seats:           ${s(timings.loadMs!)}`);
    console.log(`  build the engine's input:        ${s(timings.buildMs!)}`);
    console.log(`  solve:                           ${s(timings.solveMs!)}`);
    console.log(`  verify:                          ${s(timings.verifyMs!)}`);
    console.log(`  explain:                         ${s(timings.explainMs!)}`);
    console.log(`  write results:                   ${s(timings.writeMs!)}`);
    console.log(
      `publish request:                   ${s(published.ms)} (server ${s(report.durationMs)})`,
    );
    console.log(`close to published:                ${s(total)} (target < 30 s)`);
  } finally {
    await stopApi(api);
    if (!keep) await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
