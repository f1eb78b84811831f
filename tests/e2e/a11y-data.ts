// Data the accessibility, keyboard and screenshot tests need beyond the demo seed, made through
// the API the way users would make it, on accounts and records of their own so that the other
// end-to-end files (which run before or after these) find the demo data as they expect it:
// - a mentorship between a new pupil and the demo baker mentor (Maud Mentore, whom the mentoring
//   test pairs, is left alone);
// - an empty allocation campaign, opened, closed and published, so that a run and a result exist
//   (the demo campaign stays open for the pupils).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from '@playwright/test';
import { DEMO_PASSWORD, demo, unique } from './helpers';

export const apiUrl = `http://127.0.0.1:${process.env.E2E_API_PORT || 3101}`;
export const bakerMentor = 'mentor.boulangerie@demo.tremplin.fr';
export const MENTEE_PASSWORD = 'Clavier-mentorat-2026';

interface Session {
  api: APIRequestContext;
  headers: { authorization: string };
}

export async function apiAs(login: string, password = DEMO_PASSWORD): Promise<Session> {
  const api = await playwrightRequest.newContext({ baseURL: apiUrl });
  const response = await api.post('/api/auth/login', { data: { login, password } });
  expect(response.ok(), await response.text()).toBe(true);
  return { api, headers: { authorization: `Bearer ${(await response.json()).token}` } };
}

async function ok<T>(
  response: Awaited<ReturnType<APIRequestContext['get']>>,
  status?: number,
): Promise<T> {
  const body = await response.text();
  if (status) expect(response.status(), body).toBe(status);
  else expect(response.ok(), body).toBe(true);
  return (body ? JSON.parse(body) : undefined) as T;
}

export interface Mentorship {
  /** The new pupil's e-mail (password MENTEE_PASSWORD) and name. */
  menteeEmail: string;
  menteeName: string;
  mentorshipId: string;
}

/**
 * A new pupil asks the demo baker for mentoring (Monday 17:00–19:00 by phone, their guardian's
 * consent recorded), and the baker accepts: an active mentorship with no session yet.
 */
export async function createMentorship(): Promise<Mentorship> {
  const menteeEmail = `${unique('clavier')}@example.test`;
  const menteeName = `Sacha Clavier ${unique('').slice(-6)}`;
  const visitor = await playwrightRequest.newContext({ baseURL: apiUrl });
  try {
    await ok(
      await visitor.post('/api/auth/register', {
        data: {
          email: menteeEmail,
          password: MENTEE_PASSWORD,
          displayName: menteeName,
          role: 'student',
        },
      }),
      201,
    );
  } finally {
    await visitor.dispose();
  }
  const mentee = await apiAs(menteeEmail, MENTEE_PASSWORD);
  const mentor = await apiAs(bakerMentor);
  try {
    const request = await ok<{ id: string }>(
      await mentee.api.post('/api/mentoring/requests', {
        headers: mentee.headers,
        data: {
          goals: ['discover_trade'],
          tradeCodes: ['D1102'],
          modes: ['phone'],
          availability: [{ day: 1, start: '17:00', end: '19:00' }],
          languages: ['fr'],
          constraints: '',
        },
      }),
    );
    await ok(
      await mentee.api.post(`/api/mentoring/requests/${request.id}/consent`, {
        headers: mentee.headers,
        data: { guardianName: 'Camille Clavier', confirmed: true },
      }),
    );
    const mentors = await ok<{ id: string; displayName: string }[]>(
      await mentee.api.get('/api/mentoring/mentors', { headers: mentee.headers }),
    );
    const baker = mentors.find((m) => m.displayName.startsWith('Bastien Fournil'));
    expect(baker, 'the demo baker mentor is listed').toBeTruthy();
    await ok(
      await mentee.api.post(`/api/mentoring/requests/${request.id}/ask`, {
        headers: mentee.headers,
        data: { mentorId: baker!.id },
      }),
    );
    const proposals = await ok<{ id: string; requestId: string }[]>(
      await mentor.api.get('/api/mentoring/proposals', { headers: mentor.headers }),
    );
    const proposal = proposals.find((p) => p.requestId === request.id);
    expect(proposal, 'the baker received the request').toBeTruthy();
    const accepted = await ok<{ mentorshipId: string }>(
      await mentor.api.post(`/api/mentoring/proposals/${proposal!.id}/accept`, {
        headers: mentor.headers,
      }),
    );
    return { menteeEmail, menteeName, mentorshipId: accepted.mentorshipId };
  } finally {
    await mentee.api.dispose();
    await mentor.api.dispose();
  }
}

export interface PublishedCampaign {
  campaignId: string;
  runId: string;
  name: string;
}

/**
 * An empty département campaign for 3e, opened now, closed (which computes and verifies a run)
 * and published: its run and result pages exist without touching the demo campaign.
 */
export async function createPublishedCampaign(): Promise<PublishedCampaign> {
  const operator = await apiAs(demo.operator);
  const name = `Campagne vérification ${unique('a11y').slice(-6)}`;
  try {
    const now = Date.now();
    const campaign = await ok<{ id: string }>(
      await operator.api.post('/api/campaigns', {
        headers: operator.headers,
        data: {
          name,
          levels: ['3e'],
          opensAt: new Date(now + 60_000).toISOString(),
          closesAt: new Date(now + 86_400_000).toISOString(),
          maxWishes: 3,
          policy: { priorityClasses: true, reservedShare: 0, reservePrecedence: 'reserved-first' },
        },
      }),
      201,
    );
    await ok(
      await operator.api.patch(`/api/campaigns/${campaign.id}`, {
        headers: operator.headers,
        data: { opensAt: new Date().toISOString() },
      }),
    );
    const closed = await ok<{ run: { id: string } }>(
      await operator.api.post(`/api/campaigns/${campaign.id}/close`, { headers: operator.headers }),
      202,
    );
    // The run is computed by a job: wait until it is finished and verified.
    await expect
      .poll(
        async () => {
          const run = await ok<{ status: string }>(
            await operator.api.get(`/api/campaigns/${campaign.id}/runs/${closed.run.id}`, {
              headers: operator.headers,
            }),
          );
          return run.status;
        },
        { timeout: 60_000 },
      )
      .toBe('done');
    await ok(
      await operator.api.post(`/api/campaigns/${campaign.id}/publish`, {
        headers: operator.headers,
        data: { runId: closed.run.id },
      }),
    );
    return { campaignId: campaign.id, runId: closed.run.id, name };
  } finally {
    await operator.api.dispose();
  }
}

export interface Fixtures {
  mentorship: Mentorship;
  campaign: PublishedCampaign;
}

/**
 * The fixtures of this run, made once and kept in the run's output folder (emptied by Playwright
 * at each run), so that a worker restarted after a failure, or another of these test files, uses
 * the same ones: the baker mentor has two places only.
 */
export async function sharedFixtures(): Promise<Fixtures> {
  const file = join(test.info().project.outputDir, 'a11y-fixtures.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Fixtures;
  const fixtures = {
    mentorship: await createMentorship(),
    campaign: await createPublishedCampaign(),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(fixtures));
  return fixtures;
}

/**
 * The demo employer publishes a 3e offer of its own (a June 2027 school week); returns its id and
 * title. Not the May week of applications.e2e.ts, where the demo pupil confirms a stage: that
 * confirmation blocks other offers on the same dates for her.
 */
export async function publishOffer(word: string): Promise<{ id: string; title: string }> {
  const employer = await apiAs(demo.employer);
  try {
    const title = `Atelier clavier ${word}`;
    const created = await ok<{ id: string }>(
      await employer.api.post('/api/offers', {
        headers: employer.headers,
        data: {
          title,
          description: `Découvrir le fournil ${word} : une semaine d'observation (test au clavier).`,
          tradeCodes: ['D1102'],
          levels: ['3e'],
          periods: [{ startDate: '2027-06-07', endDate: '2027-06-11', seats: 2 }],
          schedule: [1, 2, 3, 4, 5].map((day) => ({
            day,
            start: '09:00',
            end: '16:00',
            breaks: [{ start: '12:00', end: '13:00' }],
          })),
          tutorName: 'Martine Tutrice',
          tutorRole: 'Boulangère',
        },
      }),
      201,
    );
    await ok(
      await employer.api.post(`/api/offers/${created.id}/publish`, { headers: employer.headers }),
    );
    return { id: created.id, title };
  } finally {
    await employer.api.dispose();
  }
}

export interface JudgingChallenge {
  challengeId: string;
  title: string;
  teamId: string;
  teamName: string;
  /** The rubric's criteria, in order: label and highest mark. */
  rubric: { label: string; weight: number; max: number }[];
}

const parisDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(at);

/**
 * A challenge of the demo bakery in its judging phase, with the demo employer on its jury: set to
 * start today with a deadline in a week (the API refuses a deadline already past), published, the
 * demo teacher's 3e class enrolled and one team of two classmates formed (the demo pupil is left
 * out, so her own challenges and notifications stay as the other tests expect), its work handed in
 * by the teacher, then submissions closed early by the organiser: the team waits to be scored.
 */
export async function createJudgingChallenge(): Promise<JudgingChallenge> {
  const employer = await apiAs(demo.employer);
  const teacher = await apiAs(demo.teacher);
  const title = `Challenge au clavier ${unique('').slice(-6)}`;
  const teamName = `Équipe clavier ${unique('').slice(-4)}`;
  const rubric = [
    { label: 'Idée', weight: 2, max: 10 },
    { label: 'Réalisme', weight: 1, max: 10 },
    { label: 'Présentation orale', weight: 1, max: 5 },
  ];
  try {
    const now = Date.now();
    const deadline = new Date(now + 7 * 86_400_000);
    const challenge = await ok<{ id: string; submissionDeadline: string }>(
      await employer.api.post('/api/challenges', {
        headers: employer.headers,
        data: {
          title,
          brief: 'Imaginez une vitrine de boulangerie que tout le monde peut lire et comprendre.',
          tradeCodes: ['D1102'],
          levels: ['3e'],
          launchOn: parisDate(new Date(now)),
          submissionDeadline: deadline.toISOString(),
          juryOn: parisDate(new Date(now + 14 * 86_400_000)),
          teamMin: 2,
          teamMax: 4,
          maxTeams: 10,
          prizes: '',
          rubric,
        },
      }),
      201,
    );
    const id = challenge.id;
    await ok(
      await employer.api.post(`/api/challenges/${id}/publish`, { headers: employer.headers }),
    );
    await ok(
      await employer.api.post(`/api/challenges/${id}/jurors`, {
        headers: employer.headers,
        data: { email: demo.employer },
      }),
    );

    // The classes of this school year, which the deadline falls in.
    const classes = await ok<{ id: string; name: string; level: string }[]>(
      await teacher.api.get('/api/classes', { headers: teacher.headers }),
    );
    const klass =
      classes.find((c) => c.level === '3e' && c.name === '3e A') ??
      classes.find((c) => c.level === '3e');
    expect(klass, 'the demo teacher has a 3e class').toBeTruthy();
    await ok(
      await teacher.api.post(`/api/challenges/${id}/enrolments`, {
        headers: teacher.headers,
        data: { classId: klass!.id },
      }),
      201,
    );
    const room = await ok<{
      enrolments: { id: string; classId: string }[];
      pupils: { id: string; firstName: string; lastName: string; classId: string }[];
    }>(await teacher.api.get(`/api/challenges/${id}/classroom`, { headers: teacher.headers }));
    const enrolment = room.enrolments.find((e) => e.classId === klass!.id)!;
    const pupils = room.pupils
      .filter((p) => p.classId === klass!.id && !(p.firstName === 'Inès' && p.lastName === 'Élève'))
      .slice(0, 2);
    expect(pupils, 'two classmates of the demo pupil').toHaveLength(2);
    const formed = await ok<{ teams: { id: string; name: string }[] }>(
      await teacher.api.post(`/api/challenges/${id}/teams`, {
        headers: teacher.headers,
        data: { enrolmentId: enrolment.id, name: teamName, studentIds: pupils.map((p) => p.id) },
      }),
      201,
    );
    const team = formed.teams.find((t) => t.name === teamName)!;
    await ok(
      await teacher.api.put(`/api/challenges/${id}/teams/${team.id}/submission`, {
        headers: teacher.headers,
        multipart: {
          text: 'Notre vitrine : de grands pictogrammes, les prix en gros caractères et un menu lu à voix haute par un QR code.',
        },
      }),
    );
    await ok(
      await employer.api.post(`/api/challenges/${id}/close-submissions`, {
        headers: employer.headers,
        data: { early: true },
      }),
    );
    return { challengeId: id, title, teamId: team.id, teamName, rubric };
  } finally {
    await employer.api.dispose();
    await teacher.api.dispose();
  }
}
