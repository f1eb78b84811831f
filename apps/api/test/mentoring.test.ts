// Mentoring: mentors' profiles, mentees' requests with a guardian's consent for minors, the
// pairing and its proposals (accepted, declined, expired, asked directly), sessions inside the
// mentor's availability with their .ics and reminders, notes and closing feedback into the
// passport, and messages only the pair can read, which the recipient reports and an operator
// hides, suspending the sender.
import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type {
  MenteeRequest,
  MentoringMessage,
  MentorProfile,
  Mentorship,
  PairingPreview,
  Proposal,
} from '@tremplin/contracts';
import {
  auditLog,
  emailOutbox,
  menteeRequests,
  mentoringMessages,
  mentoringProposals,
  mentoringSessions,
  mentorships,
  notifications,
  passportEntries,
  users,
} from '@tremplin/db/schema';
import { seedDemo } from '@tremplin/db/seed/demo';
import {
  expireProposals,
  previewPairing,
  remindSessions,
} from '../src/modules/mentoring/service.js';
import { parisMoment } from '../src/modules/mentoring/time.js';
import {
  createClass,
  createPerson,
  createSchool,
  createStudent,
  createTeacher,
} from './factories.js';
import { createOperator, type Person, problemOf, setupApp } from './helper.js';

const ctx = setupApp();
const WEB = 'http://localhost:3000';

// --- time ------------------------------------------------------------------------------------

/** The instant a Paris wall clock shows `time` on `date`. */
function parisInstant(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  for (const hours of [1, 2, 0]) {
    const at = new Date(guess.getTime() - hours * 3_600_000);
    const m = parisMoment(at);
    const [h, min] = time.split(':').map(Number);
    if (m.date === date && m.minutes === h! * 60 + min!) return at;
  }
  throw new Error(`no Paris instant for ${date} ${time}`);
}

/** The Paris date of the next `weekday` (1 = Monday) at least `minDays` days from now. */
function nextWeekday(weekday: number, minDays = 2): string {
  for (let k = minDays; k < minDays + 8; k++) {
    const m = parisMoment(new Date(Date.now() + k * 86_400_000));
    if (m.day === weekday) return m.date;
  }
  throw new Error('unreachable');
}

// --- people and their profiles ---------------------------------------------------------------

const WEDNESDAY_AFTERNOON = [{ day: 3, start: '14:00', end: '18:00' }];

function profileBody(overrides: Record<string, unknown> = {}) {
  return {
    tradeCodes: ['M1805'],
    languages: ['fr'],
    modes: ['video', 'in_person'],
    communes: ['94028', '94081'],
    capacity: 2,
    availability: WEDNESDAY_AFTERNOON,
    bio: 'Développeuse depuis dix ans, je raconte volontiers mon métier.',
    ...overrides,
  };
}

function requestBody(overrides: Record<string, unknown> = {}) {
  return {
    goals: ['discover_trade', 'find_stage'],
    tradeCodes: ['M1805'],
    modes: ['video'],
    availability: [{ day: 3, start: '13:00', end: '17:00' }],
    languages: ['fr'],
    communeCode: null,
    constraints: '',
    ...overrides,
  };
}

async function createMentor(overrides: Record<string, unknown> = {}, name?: string) {
  const person = await createPerson(ctx, ['mentor'], name ?? 'Maud Mentore');
  const response = await ctx.app.inject({
    method: 'PUT',
    url: '/api/mentoring/mentor-profile',
    headers: person.headers,
    payload: profileBody(overrides),
  });
  expect(response.statusCode).toBe(200);
  return person;
}

/** A pupil of a school (a minor by default, born 2012), with a guardian's e-mail on record. */
async function createPupil(options: { birthDate?: string | null; schoolId?: string } = {}) {
  const schoolId = options.schoolId ?? (await createSchool(ctx)).id;
  const klass = await createClass(ctx, { schoolId });
  const person = await createStudent(ctx, {
    schoolId,
    classId: klass.id,
    birthDate: options.birthDate === undefined ? '2012-03-14' : options.birthDate,
    guardianName: 'Karim Parent',
    guardianEmail: 'karim.parent@example.test',
  });
  return { person, schoolId };
}

async function postRequest(who: Person, overrides: Record<string, unknown> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/mentoring/requests',
    headers: who.headers,
    payload: requestBody(overrides),
  });
}

async function createRequest(who: Person, overrides: Record<string, unknown> = {}) {
  const response = await postRequest(who, overrides);
  expect(response.statusCode).toBe(201);
  return response.json() as MenteeRequest;
}

async function consent(requestId: string, who: Person, guardianName = 'Karim Parent') {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/mentoring/requests/${requestId}/consent`,
    headers: who.headers,
    payload: { guardianName, confirmed: true },
  });
}

/** An adult mentee (born 2004), so no consent stands in the way. */
async function createAdultMentee() {
  return (await createPupil({ birthDate: '2004-05-01' })).person;
}

async function preview(operator: Person) {
  const response = await ctx.app.inject({
    method: 'GET',
    url: '/api/mentoring/pairing/preview',
    headers: operator.headers,
  });
  expect(response.statusCode).toBe(200);
  return response.json() as PairingPreview;
}

async function send(operator: Person, pairs: { requestId: string; mentorId: string }[]) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/mentoring/pairing/proposals',
    headers: operator.headers,
    payload: { pairs },
  });
}

async function proposalsOf(mentor: Person) {
  const response = await ctx.app.inject({
    method: 'GET',
    url: '/api/mentoring/proposals',
    headers: mentor.headers,
  });
  expect(response.statusCode).toBe(200);
  return response.json() as Proposal[];
}

async function answer(mentor: Person, proposalId: string, action: 'accept' | 'decline') {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/mentoring/proposals/${proposalId}/${action}`,
    headers: mentor.headers,
  });
}

/** A mentorship between a new mentor and a new adult mentee, through a run and an acceptance. */
async function pair(options: { mentee?: Person } = {}) {
  const operator = await createOperator(ctx);
  const mentor = await createMentor();
  const mentee = options.mentee ?? (await createAdultMentee());
  const request = await createRequest(mentee);
  const sent = await send(operator, [{ requestId: request.id, mentorId: mentor.id }]);
  expect(sent.statusCode).toBe(201);
  const [proposal] = await proposalsOf(mentor);
  const accepted = await answer(mentor, proposal!.id, 'accept');
  expect(accepted.statusCode).toBe(200);
  const { mentorshipId } = accepted.json() as { mentorshipId: string };
  return { operator, mentor, mentee, request, mentorshipId };
}

async function readMentorship(id: string, who: Person) {
  const response = await ctx.app.inject({
    method: 'GET',
    url: `/api/mentoring/mentorships/${id}`,
    headers: who.headers,
  });
  expect(response.statusCode).toBe(200);
  return response.json() as Mentorship;
}

async function proposeSession(
  mentorshipId: string,
  who: Person,
  date: string,
  start: string,
  end: string,
) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/mentoring/mentorships/${mentorshipId}/sessions`,
    headers: who.headers,
    payload: {
      startsAt: parisInstant(date, start).toISOString(),
      endsAt: parisInstant(date, end).toISOString(),
      mode: 'video',
    },
  });
}

// --- mentor profiles ---------------------------------------------------------------------------

describe('mentor profile', () => {
  it('saves trades, languages, modes, communes, capacity, availability and bio, and reads them back', async () => {
    const mentor = await createMentor();
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/mentoring/mentor-profile',
      headers: mentor.headers,
    });
    expect(response.statusCode).toBe(200);
    const profile = response.json() as MentorProfile;
    expect(profile.trades).toEqual([{ code: 'M1805', label: expect.any(String) }]);
    expect(profile.communes.map((c) => c.code)).toEqual(['94028', '94081']);
    expect(profile).toMatchObject({
      capacity: 2,
      remainingCapacity: 2,
      paused: false,
      modes: ['video', 'in_person'],
      availability: WEDNESDAY_AFTERNOON,
    });
  });

  it('refuses a slot ending before it starts, an unknown trade, contact details in the bio, and in person without communes, naming the field', async () => {
    const mentor = await createPerson(ctx, ['mentor']);
    const put = (overrides: Record<string, unknown>) =>
      ctx.app.inject({
        method: 'PUT',
        url: '/api/mentoring/mentor-profile',
        headers: mentor.headers,
        payload: profileBody(overrides),
      });
    const slot = await put({ availability: [{ day: 2, start: '18:00', end: '17:00' }] });
    expect(slot.statusCode).toBe(400);
    expect(problemOf(slot).errors?.[0]?.field).toBe('body.availability.0.end');
    const trade = await put({ tradeCodes: ['Z9999'] });
    expect(trade.statusCode).toBe(400);
    expect(problemOf(trade).errors?.[0]?.field).toMatch(/^body\.tradeCodes/);
    const unknownTrade = await put({ tradeCodes: ['M9999'] });
    expect(unknownTrade.statusCode).toBe(400);
    expect(problemOf(unknownTrade).errors?.[0]?.field).toBe('body.tradeCodes');
    const bio = await put({ bio: 'Joignable au 07 11 22 33 44 le soir.' });
    expect(bio.statusCode).toBe(400);
    expect(problemOf(bio).errors?.[0]?.field).toBe('body.bio');
    const communes = await put({ communes: [] });
    expect(communes.statusCode).toBe(400);
    expect(problemOf(communes).errors?.[0]?.field).toBe('body.communes');
    const none = await ctx.app.inject({
      method: 'GET',
      url: '/api/mentoring/mentor-profile',
      headers: mentor.headers,
    });
    expect(none.statusCode).toBe(404);
  });

  it('is for mentors only: a pupil cannot write one', async () => {
    const { person } = await createPupil();
    const response = await ctx.app.inject({
      method: 'PUT',
      url: '/api/mentoring/mentor-profile',
      headers: person.headers,
      payload: profileBody(),
    });
    expect(response.statusCode).toBe(403);
  });

  it('lists available mentors to mentees without contact details, and a paused mentor no more', async () => {
    const mentor = await createMentor();
    const { person } = await createPupil();
    const list = async () => {
      const response = await ctx.app.inject({
        method: 'GET',
        url: '/api/mentoring/mentors',
        headers: person.headers,
      });
      expect(response.statusCode).toBe(200);
      return response;
    };
    const first = await list();
    expect(first.body).not.toContain(mentor.email);
    expect(first.json()).toEqual([
      {
        id: mentor.id,
        displayName: 'Maud Mentore',
        trades: [{ code: 'M1805', label: expect.any(String) }],
        bio: expect.any(String),
        modes: ['video', 'in_person'],
      },
    ]);
    const paused = await ctx.app.inject({
      method: 'PUT',
      url: '/api/mentoring/mentor-profile/paused',
      headers: mentor.headers,
      payload: { paused: true },
    });
    expect(paused.statusCode).toBe(200);
    expect((paused.json() as MentorProfile).paused).toBe(true);
    expect((await list()).json()).toEqual([]);
  });
});

// --- requests and consent ----------------------------------------------------------------------

describe('mentee request and guardian consent', () => {
  it('records a request; a minor needs a consent, an adult does not', async () => {
    const minor = (await createPupil()).person;
    const request = await createRequest(minor);
    expect(request).toMatchObject({
      status: 'open',
      goals: ['discover_trade', 'find_stage'],
      consent: { required: true, recordedAt: null, guardianName: null },
    });
    const adult = await createAdultMentee();
    const adultRequest = await createRequest(adult);
    expect(adultRequest.consent.required).toBe(false);
    const refused = await consent(adultRequest.id, adult);
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('mentoring.consentNotNeeded');
  });

  it('counts a mentee without a known birth date as a minor', async () => {
    const noDate = (await createPupil({ birthDate: null })).person;
    expect((await createRequest(noDate)).consent.required).toBe(true);
    const noRecord = await createPerson(ctx, ['student']);
    expect((await createRequest(noRecord)).consent.required).toBe(true);
  });

  it('keeps one request in progress, refuses in person without a commune or contact details, and loses nothing on refusal', async () => {
    const { person } = await createPupil();
    const first = await createRequest(person);
    const second = await postRequest(person);
    expect(second.statusCode).toBe(409);
    const edit = await ctx.app.inject({
      method: 'PUT',
      url: `/api/mentoring/requests/${first.id}`,
      headers: person.headers,
      payload: requestBody({ modes: ['in_person'], tradeCodes: ['D1102'] }),
    });
    expect(edit.statusCode).toBe(400);
    expect(problemOf(edit).errors?.[0]?.field).toBe('body.communeCode');
    const contact = await ctx.app.inject({
      method: 'PUT',
      url: `/api/mentoring/requests/${first.id}`,
      headers: person.headers,
      payload: requestBody({
        constraints: 'Appelez ma mère au 06 98 76 54 32',
        tradeCodes: ['D1102'],
      }),
    });
    expect(contact.statusCode).toBe(400);
    expect(problemOf(contact).errors?.[0]?.field).toBe('body.constraints');
    const [row] = await ctx.handle.db
      .select({ tradeCodes: menteeRequests.tradeCodes, modes: menteeRequests.modes })
      .from(menteeRequests)
      .where(eq(menteeRequests.id, first.id));
    expect(row).toEqual({ tradeCodes: ['M1805'], modes: ['video'] });
  });

  it("lets the pupil's school record the consent, tells the guardian, and keeps other schools out", async () => {
    const { person, schoolId } = await createPupil();
    const request = await createRequest(person);
    const teacher = await createTeacher(ctx, schoolId);
    const otherTeacher = await createTeacher(ctx, (await createSchool(ctx)).id);

    const outsider = await ctx.app.inject({
      method: 'GET',
      url: `/api/mentoring/requests/${request.id}`,
      headers: otherTeacher.headers,
    });
    expect(outsider.statusCode).toBe(404);
    expect((await consent(request.id, otherTeacher)).statusCode).toBe(404);

    const waiting = await ctx.app.inject({
      method: 'GET',
      url: '/api/mentoring/consents',
      headers: teacher.headers,
    });
    expect(waiting.json()).toEqual([
      expect.objectContaining({ requestId: request.id, guardianName: 'Karim Parent' }),
    ]);
    const recorded = await consent(request.id, teacher, 'Karim Parent');
    expect(recorded.statusCode).toBe(200);
    expect((recorded.json() as MenteeRequest).consent).toMatchObject({
      required: true,
      guardianName: 'Karim Parent',
      recordedAt: expect.any(String),
    });
    expect((await consent(request.id, teacher)).statusCode).toBe(409);
    const mails = await ctx.handle.db
      .select({ subject: emailOutbox.subject, text: emailOutbox.bodyText })
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, 'karim.parent@example.test'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("par l'établissement");
    const [audit] = await ctx.handle.db
      .select({ actorId: auditLog.actorId, data: auditLog.data })
      .from(auditLog)
      .where(eq(auditLog.action, 'mentoring.consentRecorded'));
    expect(audit).toEqual({ actorId: teacher.id, data: { recordedBy: 'school' } });
  });
});

// --- pairing -----------------------------------------------------------------------------------

describe('pairing', () => {
  it('leaves a minor without consent out of the run, refuses to send it, and pairs it once consent is recorded', async () => {
    const operator = await createOperator(ctx);
    const mentor = await createMentor();
    const { person } = await createPupil();
    const request = await createRequest(person);

    const before = await preview(operator);
    expect(before).toMatchObject({ openRequests: 0, awaitingConsent: 1, pairs: [] });
    const refused = await send(operator, [{ requestId: request.id, mentorId: mentor.id }]);
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).errors?.[0]?.field).toBe('body.pairs.0');
    expect(await ctx.handle.db.select().from(mentoringProposals)).toEqual([]);

    expect((await consent(request.id, person)).statusCode).toBe(200);
    const after = await preview(operator);
    expect(after.pairs).toEqual([
      expect.objectContaining({ requestId: request.id, mentorId: mentor.id, mode: 'video' }),
    ]);
    const criteria = after.pairs[0]!.criteria;
    expect(criteria.map((c) => c.criterion)).toEqual([
      'trade',
      'availability',
      'mode',
      'distance',
      'language',
    ]);
    expect(criteria.reduce((sum, c) => sum + c.points, 0)).toBeCloseTo(after.pairs[0]!.score, 6);
  });

  it('refuses a direct ask from a minor without consent, and accepts it once consent is recorded', async () => {
    const mentor = await createMentor();
    const { person } = await createPupil();
    const request = await createRequest(person);
    const ask = () =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/mentoring/requests/${request.id}/ask`,
        headers: person.headers,
        payload: { mentorId: mentor.id },
      });
    const refused = await ask();
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('mentoring.consentMissing');
    expect(await ctx.handle.db.select().from(mentoringProposals)).toEqual([]);

    expect((await consent(request.id, person, 'Nadia Parent')).statusCode).toBe(200);
    const asked = await ask();
    expect(asked.statusCode).toBe(200);
    expect((asked.json() as MenteeRequest).pendingProposal).toMatchObject({
      direct: true,
      mentorName: 'Maud Mentore',
    });
    const [proposal] = await proposalsOf(mentor);
    expect(proposal).toMatchObject({
      direct: true,
      status: 'proposed',
      menteeName: expect.any(String),
    });
  });

  it('never starts a minor’s mentorship without consent, even from a proposal already made', async () => {
    const operator = await createOperator(ctx);
    const mentor = await createMentor();
    const { person } = await createPupil();
    const request = await createRequest(person);
    expect((await consent(request.id, person)).statusCode).toBe(200);
    expect(
      (await send(operator, [{ requestId: request.id, mentorId: mentor.id }])).statusCode,
    ).toBe(201);
    // The consent is struck out behind the platform's back (a correction in the database).
    await ctx.handle.db
      .update(menteeRequests)
      .set({ guardianConsentAt: null, guardianConsentBy: null })
      .where(eq(menteeRequests.id, request.id));
    const [proposal] = await proposalsOf(mentor);
    const accepted = await answer(mentor, proposal!.id, 'accept');
    expect(accepted.statusCode).toBe(409);
    expect(problemOf(accepted).code).toBe('mentoring.consentMissing');
    expect(await ctx.handle.db.select().from(mentorships)).toEqual([]);
  });

  it('prefers pairing everyone over a higher score for one: the greedy choice would leave a request out', async () => {
    const operator = await createOperator(ctx);
    // Ada fits both requests; Bruno only fits the first. Greedy gives Ada her best (the first
    // request) and leaves the second without anyone; the optimum gives each their mentor.
    const ada = await createMentor({ tradeCodes: ['M1805', 'D1102'], capacity: 1 }, 'Ada');
    const bruno = await createMentor(
      {
        tradeCodes: ['K2111'],
        capacity: 1,
        availability: [{ day: 3, start: '14:00', end: '15:00' }],
      },
      'Bruno',
    );
    const first = await createRequest(await createAdultMentee(), {
      tradeCodes: ['M1805'],
      availability: [{ day: 3, start: '14:00', end: '18:00' }],
    });
    const second = await createRequest(await createAdultMentee(), {
      tradeCodes: ['D1102'],
      availability: [{ day: 3, start: '16:00', end: '18:00' }],
    });
    const result = await preview(operator);
    const chosen = Object.fromEntries(result.pairs.map((p) => [p.requestId, p.mentorId]));
    expect(chosen).toEqual({ [first.id]: bruno.id, [second.id]: ada.id });
    expect(result.unpaired).toEqual([]);
  });

  it('is for operators only', async () => {
    const mentor = await createMentor();
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/mentoring/pairing/preview',
      headers: mentor.headers,
    });
    expect(response.statusCode).toBe(403);
  });
});

// --- proposals ---------------------------------------------------------------------------------

describe('proposals', () => {
  it('tells the mentor, and an acceptance starts the mentorship and matches the request', async () => {
    const { mentor, mentee, request, mentorshipId } = await pair();
    const mails = await ctx.handle.db
      .select({ subject: emailOutbox.subject, text: emailOutbox.bodyText })
      .from(emailOutbox)
      .where(eq(emailOutbox.toEmail, mentor.email));
    expect(mails[0]?.text).toContain(`${WEB}/mentorat/propositions`);
    const mine = await ctx.app.inject({
      method: 'GET',
      url: `/api/mentoring/requests/${request.id}`,
      headers: mentee.headers,
    });
    expect(mine.json()).toMatchObject({ status: 'matched', mentorshipId });
    const view = await readMentorship(mentorshipId, mentee);
    expect(view).toMatchObject({ role: 'mentee', partnerName: 'Maud Mentore', status: 'active' });
    expect(JSON.stringify(view)).not.toContain(mentor.email);
    const [notice] = await ctx.handle.db
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.userId, mentee.id));
    expect(notice?.kind).toBe('mentoring.matched');
  });

  it('refuses another mentor’s answer (404), and a second answer (409)', async () => {
    const operator = await createOperator(ctx);
    const mentor = await createMentor();
    const other = await createMentor({}, 'Autre Mentor');
    const request = await createRequest(await createAdultMentee());
    expect(
      (await send(operator, [{ requestId: request.id, mentorId: mentor.id }])).statusCode,
    ).toBe(201);
    const [proposal] = await proposalsOf(mentor);
    expect((await answer(other, proposal!.id, 'accept')).statusCode).toBe(404);
    expect((await answer(mentor, proposal!.id, 'decline')).statusCode).toBe(200);
    expect((await answer(mentor, proposal!.id, 'accept')).statusCode).toBe(409);
  });

  it('after a decline, proposes the next best mentor, never the one who declined', async () => {
    const operator = await createOperator(ctx);
    const best = await createMentor({}, 'Meilleure');
    const next = await createMentor({ tradeCodes: ['M1801'] }, 'Suivant');
    const request = await createRequest(await createAdultMentee());
    const plan = await preview(operator);
    expect(plan.pairs.map((p) => p.mentorId)).toEqual([best.id]);
    expect(
      (
        await send(
          operator,
          plan.pairs.map(({ requestId, mentorId }) => ({ requestId, mentorId })),
        )
      ).statusCode,
    ).toBe(201);
    const [proposal] = await proposalsOf(best);
    expect((await answer(best, proposal!.id, 'decline')).statusCode).toBe(200);
    const [nextProposal] = await proposalsOf(next);
    expect(nextProposal).toMatchObject({
      requestId: request.id,
      status: 'proposed',
      direct: false,
    });
    expect((await answer(next, nextProposal!.id, 'decline')).statusCode).toBe(200);
    // Nobody left: the request is open again, and the next run does not propose the decliners.
    const [row] = await ctx.handle.db
      .select({ status: menteeRequests.status })
      .from(menteeRequests)
      .where(eq(menteeRequests.id, request.id));
    expect(row?.status).toBe('open');
    expect((await preview(operator)).unpaired).toEqual([
      { requestId: request.id, menteeName: expect.any(String), reason: 'no_compatible_mentor' },
    ]);
  });

  it('expires unanswered proposals after their date and proposes the next best mentor', async () => {
    const operator = await createOperator(ctx);
    const slow = await createMentor({}, 'Lente');
    const next = await createMentor({ tradeCodes: ['M1801'] }, 'Suivant');
    const request = await createRequest(await createAdultMentee());
    expect((await send(operator, [{ requestId: request.id, mentorId: slow.id }])).statusCode).toBe(
      201,
    );
    const [proposal] = await proposalsOf(slow);
    const later = new Date(new Date(proposal!.respondBy).getTime() + 60_000);
    expect(await expireProposals(ctx.handle.db, { now: new Date(), webUrl: WEB })).toBe(0);
    expect(await expireProposals(ctx.handle.db, { now: later, webUrl: WEB })).toBe(1);
    expect((await proposalsOf(slow))[0]?.status).toBe('expired');
    expect((await answer(slow, proposal!.id, 'accept')).statusCode).toBe(409);
    const [nextProposal] = await proposalsOf(next);
    expect(nextProposal).toMatchObject({ requestId: request.id, status: 'proposed' });
  });

  it('counts waiting proposals against a mentor’s capacity', async () => {
    const operator = await createOperator(ctx);
    const mentor = await createMentor({ capacity: 1 });
    const a = await createRequest(await createAdultMentee());
    const b = await createRequest(await createAdultMentee());
    const refused = await send(operator, [
      { requestId: a.id, mentorId: mentor.id },
      { requestId: b.id, mentorId: mentor.id },
    ]);
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).errors?.[0]?.field).toBe('body.pairs.1');
    expect(await ctx.handle.db.select().from(mentoringProposals)).toEqual([]);
    expect((await send(operator, [{ requestId: a.id, mentorId: mentor.id }])).statusCode).toBe(201);
    const plan = await preview(operator);
    expect(plan).toMatchObject({ availableMentors: 0, pairs: [] });
  });

  it('sends a declined direct ask back to the mentee, whose request is open again', async () => {
    const mentor = await createMentor();
    const mentee = await createAdultMentee();
    const request = await createRequest(mentee);
    const asked = await ctx.app.inject({
      method: 'POST',
      url: `/api/mentoring/requests/${request.id}/ask`,
      headers: mentee.headers,
      payload: { mentorId: mentor.id },
    });
    expect(asked.statusCode).toBe(200);
    const [proposal] = await proposalsOf(mentor);
    expect((await answer(mentor, proposal!.id, 'decline')).statusCode).toBe(200);
    const [row] = await ctx.handle.db
      .select({ status: menteeRequests.status })
      .from(menteeRequests)
      .where(eq(menteeRequests.id, request.id));
    expect(row?.status).toBe('open');
    const notices = await ctx.handle.db
      .select({ kind: notifications.kind, data: notifications.data })
      .from(notifications)
      .where(eq(notifications.userId, mentee.id));
    expect(notices).toEqual([
      { kind: 'mentoring.askDeclined', data: { mentorName: 'Maud Mentore' } },
    ]);
  });
});

// --- sessions ----------------------------------------------------------------------------------

describe('sessions', () => {
  it('refuses a time outside the mentor’s weekly availability, naming startsAt', async () => {
    const { mentee, mentorshipId } = await pair();
    const wednesday = nextWeekday(3);
    const early = await proposeSession(mentorshipId, mentee, wednesday, '10:00', '11:00');
    expect(early.statusCode).toBe(400);
    expect(problemOf(early).errors?.[0]?.field).toBe('body.startsAt');
    const overflow = await proposeSession(mentorshipId, mentee, wednesday, '17:30', '18:30');
    expect(overflow.statusCode).toBe(400);
    const thursday = await proposeSession(mentorshipId, mentee, nextWeekday(4), '14:00', '15:00');
    expect(thursday.statusCode).toBe(400);
    expect(await ctx.handle.db.select().from(mentoringSessions)).toEqual([]);
  });

  it('books a session inside it; the other side accepts, both get the .ics by e-mail', async () => {
    const { mentor, mentee, mentorshipId } = await pair();
    const wednesday = nextWeekday(3);
    const proposed = await proposeSession(mentorshipId, mentee, wednesday, '14:00', '15:00');
    expect(proposed.statusCode).toBe(201);
    const { id } = proposed.json() as { id: string };
    const own = await ctx.app.inject({
      method: 'POST',
      url: `/api/mentoring/sessions/${id}/accept`,
      headers: mentee.headers,
    });
    expect(own.statusCode).toBe(403);
    const accepted = await ctx.app.inject({
      method: 'POST',
      url: `/api/mentoring/sessions/${id}/accept`,
      headers: mentor.headers,
    });
    expect(accepted.statusCode).toBe(200);
    const view = await readMentorship(mentorshipId, mentee);
    expect(view.sessions).toEqual([
      expect.objectContaining({ id, status: 'accepted', proposedByMe: true, hasCalendar: true }),
    ]);
    for (const who of [mentor, mentee]) {
      const [mail] = await ctx.handle.db
        .select({ subject: emailOutbox.subject, attachments: emailOutbox.attachments })
        .from(emailOutbox)
        .where(and(eq(emailOutbox.toEmail, who.email), like(emailOutbox.subject, '%confirmée%')));
      const attachment = (mail?.attachments ?? []).find((a) => a.filename.endsWith('.ics'));
      expect(attachment?.contentType).toContain('text/calendar');
      const ics = Buffer.from(attachment!.content, 'base64').toString('utf8');
      expect(ics).toContain(`UID:${id}@`);
      expect(ics).not.toContain(mentor.email);
      expect(ics).not.toContain(mentee.email);
    }
  });

  it('serves the .ics (RFC 5545, UTC times, no contact details) to both, and to nobody else', async () => {
    const { mentor, mentee, mentorshipId } = await pair();
    const wednesday = nextWeekday(3);
    const { id } = (
      await proposeSession(mentorshipId, mentor, wednesday, '16:00', '17:30')
    ).json() as {
      id: string;
    };
    const download = (who: Person) =>
      ctx.app.inject({
        method: 'GET',
        url: `/api/mentoring/sessions/${id}/ics`,
        headers: who.headers,
      });
    const response = await download(mentee);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/calendar');
    expect(response.headers['content-disposition']).toContain('.ics');
    const ics = response.body;
    const lines = ics.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain(`UID:${id}@mentorat.tremplin`);
    const start = parisInstant(wednesday, '16:00')
      .toISOString()
      .replace(/[-:]|\.\d{3}/g, '');
    const end = parisInstant(wednesday, '17:30')
      .toISOString()
      .replace(/[-:]|\.\d{3}/g, '');
    expect(lines).toContain(`DTSTART:${start}`);
    expect(lines).toContain(`DTEND:${end}`);
    expect(lines.find((l) => l.startsWith('DTSTAMP:'))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    expect(lines).toContain('SUMMARY:Séance de mentorat Tremplin');
    expect(lines).toContain('STATUS:TENTATIVE');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).not.toMatch(/@example\.test|ORGANIZER|ATTENDEE|mailto:/);
    expect((await download(mentor)).statusCode).toBe(200);
    const stranger = await createMentor({}, 'Inconnu');
    expect((await download(stranger)).statusCode).toBe(404);
  });

  it('reminds both people once, the day before an accepted session', async () => {
    const { mentor, mentee, mentorshipId } = await pair();
    const wednesday = nextWeekday(3);
    const { id } = (
      await proposeSession(mentorshipId, mentee, wednesday, '14:00', '15:00')
    ).json() as {
      id: string;
    };
    await ctx.app.inject({
      method: 'POST',
      url: `/api/mentoring/sessions/${id}/accept`,
      headers: mentor.headers,
    });
    const startsAt = parisInstant(wednesday, '14:00');
    const twoDaysBefore = new Date(startsAt.getTime() - 2 * 86_400_000);
    const dayBefore = new Date(startsAt.getTime() - 20 * 3_600_000);
    expect(await remindSessions(ctx.handle.db, { now: twoDaysBefore, webUrl: WEB })).toBe(0);
    expect(await remindSessions(ctx.handle.db, { now: dayBefore, webUrl: WEB })).toBe(1);
    expect(await remindSessions(ctx.handle.db, { now: dayBefore, webUrl: WEB })).toBe(0);
    const reminders = await ctx.handle.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.kind, 'mentoring.sessionReminder'));
    expect(reminders.map((r) => r.userId).sort()).toEqual([mentor.id, mentee.id].sort());
  });

  it('keeps each side’s notes to themselves, once the session is over', async () => {
    const { mentor, mentee, mentorshipId } = await pair();
    const wednesday = nextWeekday(3);
    const { id } = (
      await proposeSession(mentorshipId, mentee, wednesday, '14:00', '15:00')
    ).json() as {
      id: string;
    };
    await ctx.app.inject({
      method: 'POST',
      url: `/api/mentoring/sessions/${id}/accept`,
      headers: mentor.headers,
    });
    const write = (who: Person, notes: string) =>
      ctx.app.inject({
        method: 'PUT',
        url: `/api/mentoring/sessions/${id}/notes`,
        headers: who.headers,
        payload: { notes },
      });
    expect((await write(mentor, 'Trop tôt')).statusCode).toBe(409);
    // The session took place last week.
    await ctx.handle.db
      .update(mentoringSessions)
      .set({
        startsAt: new Date(Date.now() - 7 * 86_400_000),
        endsAt: new Date(Date.now() - 7 * 86_400_000 + 3_600_000),
      })
      .where(eq(mentoringSessions.id, id));
    expect((await write(mentor, 'Très motivée, à revoir : le CV.')).statusCode).toBe(200);
    expect((await write(mentee, "J'ai compris ce qu'est un back-end.")).statusCode).toBe(200);
    const mentorView = await readMentorship(mentorshipId, mentor);
    const menteeView = await readMentorship(mentorshipId, mentee);
    expect(mentorView.sessions[0]).toMatchObject({
      status: 'done',
      myNotes: 'Très motivée, à revoir : le CV.',
    });
    expect(menteeView.sessions[0]?.myNotes).toBe("J'ai compris ce qu'est un back-end.");
    expect(JSON.stringify(menteeView)).not.toContain('le CV');
  });
});

// --- messages and reports ----------------------------------------------------------------------

async function post(mentorshipId: string, who: Person, body: string) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/mentoring/mentorships/${mentorshipId}/messages`,
    headers: who.headers,
    payload: { body },
  });
}

async function messages(mentorshipId: string, who: Person) {
  return ctx.app.inject({
    method: 'GET',
    url: `/api/mentoring/mentorships/${mentorshipId}/messages`,
    headers: who.headers,
  });
}

describe('messages', () => {
  it('carries messages between the pair, never an e-mail address', async () => {
    const { mentor, mentee, mentorshipId } = await pair();
    expect(
      (await post(mentorshipId, mentor, 'Bonjour ! Quand es-tu disponible ?')).statusCode,
    ).toBe(201);
    expect((await post(mentorshipId, mentee, 'Mercredi après-midi.')).statusCode).toBe(201);
    const response = await messages(mentorshipId, mentee);
    expect(response.statusCode).toBe(200);
    const list = response.json() as MentoringMessage[];
    expect(list.map((m) => [m.mine, m.body])).toEqual([
      [false, 'Bonjour ! Quand es-tu disponible ?'],
      [true, 'Mercredi après-midi.'],
    ]);
    expect(response.body).not.toContain(mentor.email);
    expect(response.body).not.toContain(mentee.email);
  });

  it('refuses a message carrying a phone number or an e-mail address, naming the field', async () => {
    const { mentor, mentee, mentorshipId } = await pair();
    for (const body of ['Appelle-moi au 06 12 34 56 78', 'Écris-moi : maud.perso@example.org']) {
      const refused = await post(mentorshipId, mentor, body);
      expect(refused.statusCode).toBe(400);
      expect(problemOf(refused).errors?.[0]).toMatchObject({
        field: 'body.body',
        code: 'message.contactDetails',
      });
    }
    expect((await messages(mentorshipId, mentee)).json()).toEqual([]);
  });

  it('refuses a message to someone one is not paired with, and another pair’s messages (404)', async () => {
    const first = await pair();
    const second = await pair();
    expect((await post(first.mentorshipId, first.mentor, 'Message privé')).statusCode).toBe(201);
    expect((await post(first.mentorshipId, second.mentor, 'Intrus')).statusCode).toBe(404);
    expect((await post(first.mentorshipId, second.mentee, 'Intrus')).statusCode).toBe(404);
    expect((await messages(first.mentorshipId, second.mentee)).statusCode).toBe(404);
    const operator = await createOperator(ctx);
    expect((await messages(first.mentorshipId, operator)).statusCode).toBe(404);
    const stored = await ctx.handle.db.select().from(mentoringMessages);
    expect(stored).toHaveLength(1);
  });

  it('lets the recipient report a message (once), not its sender', async () => {
    const { mentor, mentee, mentorshipId } = await pair();
    await post(mentorshipId, mentor, 'Donne-moi ton numéro de téléphone.');
    const [message] = (await messages(mentorshipId, mentee)).json() as MentoringMessage[];
    const report = (who: Person) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/mentoring/messages/${message!.id}/reports`,
        headers: who.headers,
        payload: { reason: 'Il demande mon numéro personnel.' },
      });
    expect((await report(mentor)).statusCode).toBe(403);
    expect((await report(mentee)).statusCode).toBe(201);
    expect((await report(mentee)).statusCode).toBe(409);
    const stranger = await createAdultMentee();
    expect((await report(stranger)).statusCode).toBe(404);
  });

  it('lets an operator hide a reported message and suspend its sender, in the audit log', async () => {
    const { operator, mentor, mentee, mentorshipId } = await pair();
    await post(mentorshipId, mentor, 'Retrouvons-nous en privé, sans la plateforme.');
    const [message] = (await messages(mentorshipId, mentee)).json() as MentoringMessage[];
    await ctx.app.inject({
      method: 'POST',
      url: `/api/mentoring/messages/${message!.id}/reports`,
      headers: mentee.headers,
      payload: { reason: 'Il veut me voir sans passer par Tremplin.' },
    });
    const forbidden = await ctx.app.inject({
      method: 'GET',
      url: '/api/mentoring/reports',
      headers: mentee.headers,
    });
    expect(forbidden.statusCode).toBe(403);
    const listed = await ctx.app.inject({
      method: 'GET',
      url: '/api/mentoring/reports',
      headers: operator.headers,
    });
    const [report] = listed.json() as {
      id: string;
      sender: { id: string };
      message: { body: string };
    }[];
    expect(report).toMatchObject({
      sender: { id: mentor.id },
      message: { body: 'Retrouvons-nous en privé, sans la plateforme.' },
    });
    const decided = await ctx.app.inject({
      method: 'POST',
      url: `/api/mentoring/reports/${report!.id}/decision`,
      headers: operator.headers,
      payload: { hideMessage: true, suspendSender: true, note: 'Contact hors plateforme demandé.' },
    });
    expect(decided.statusCode).toBe(200);
    const after = (await messages(mentorshipId, mentee)).json() as MentoringMessage[];
    expect(after).toEqual([expect.objectContaining({ id: message!.id, hidden: true, body: null })]);
    const [sender] = await ctx.handle.db
      .select({ status: users.status })
      .from(users)
      .where(eq(users.id, mentor.id));
    expect(sender?.status).toBe('suspended');
    const signedOut = await ctx.app.inject({
      method: 'GET',
      url: '/api/mentoring/mentorships',
      headers: mentor.headers,
    });
    expect(signedOut.statusCode).toBe(401);
    const actions = (
      await ctx.handle.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.actorId, operator.id))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.suspended', 'mentoring.reportDecided']));
    const open = await ctx.app.inject({
      method: 'GET',
      url: '/api/mentoring/reports',
      headers: operator.headers,
    });
    expect(open.json()).toEqual([]);
  });
});

// --- closing -----------------------------------------------------------------------------------

describe('closing a mentorship', () => {
  it('closes with feedback from both sides, enters the passport, and keeps the messages read-only', async () => {
    const { mentor, mentee, mentorshipId } = await pair();
    const closed = await ctx.app.inject({
      method: 'POST',
      url: `/api/mentoring/mentorships/${mentorshipId}/close`,
      headers: mentee.headers,
      payload: { feedback: "Merci, j'ai trouvé mon stage." },
    });
    expect(closed.statusCode).toBe(200);
    expect((closed.json() as Mentorship).status).toBe('closed');
    const early = await ctx.app.inject({
      method: 'POST',
      url: `/api/mentoring/mentorships/${mentorshipId}/close`,
      headers: mentor.headers,
      payload: { feedback: 'Encore une fois' },
    });
    expect(early.statusCode).toBe(409);
    const feedback = await ctx.app.inject({
      method: 'PUT',
      url: `/api/mentoring/mentorships/${mentorshipId}/feedback`,
      headers: mentor.headers,
      payload: { feedback: 'Curieuse et persévérante.' },
    });
    expect(feedback.statusCode).toBe(200);
    expect(feedback.json()).toMatchObject({
      myFeedback: 'Curieuse et persévérante.',
      partnerFeedback: "Merci, j'ai trouvé mon stage.",
    });
    const entries = await ctx.handle.db
      .select({
        kind: passportEntries.kind,
        sourceType: passportEntries.sourceType,
        sourceId: passportEntries.sourceId,
        title: passportEntries.title,
        appraisal: passportEntries.appraisal,
      })
      .from(passportEntries)
      .where(eq(passportEntries.studentId, mentee.id));
    expect(entries).toEqual([
      {
        kind: 'mentoring',
        sourceType: 'mentorship',
        sourceId: mentorshipId,
        title: 'Mentorat avec Maud Mentore',
        appraisal: 'Curieuse et persévérante.',
      },
    ]);
    expect((await post(mentorshipId, mentee, 'Encore merci')).statusCode).toBe(409);
    expect((await messages(mentorshipId, mentee)).statusCode).toBe(200);
  });
});

// --- demo data ---------------------------------------------------------------------------------

describe('demo data', () => {
  it('gives the demo mentor a profile and the demo pupil a consented request that the first run pairs', async () => {
    expect(await seedDemo(ctx.handle.db, { hashPassword: async () => 'not-a-real-hash' })).toBe(
      true,
    );
    const [mentor] = await ctx.handle.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'mentor@demo.tremplin.fr'));
    const [pupil] = await ctx.handle.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'eleve@demo.tremplin.fr'));
    const plan = await previewPairing(ctx.handle.db, { now: new Date() });
    expect(plan).toMatchObject({ openRequests: 1, availableMentors: 3, awaitingConsent: 0 });
    const [request] = await ctx.handle.db
      .select({ id: menteeRequests.id, menteeId: menteeRequests.menteeId })
      .from(menteeRequests);
    expect(request?.menteeId).toBe(pupil!.id);
    expect(plan.pairs).toEqual([
      expect.objectContaining({ requestId: request!.id, mentorId: mentor!.id }),
    ]);
  });
});
