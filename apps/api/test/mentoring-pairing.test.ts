// The pairing an operator sees is the optimum: on small instances stored in the database, the
// pairs of GET /api/mentoring/pairing/preview are checked against an independent LP solver
// (HiGHS). The constraint matrix (each request at most once, each mentor within their room) is
// totally unimodular, so the LP's optimum is the integer optimum. The objective is the API's:
// first the most requests paired, then the largest total score; both are solved as LPs (the
// second with the count fixed) on scores in thousandths of a point, the solver's own unit.
import loadHighs, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PairingPreview, WeeklySlot } from '@tremplin/contracts';
import { menteeRequests, mentorProfiles, students, userRoles, users } from '@tremplin/db/schema';
import { candidatePairs, scorePair } from '../src/modules/mentoring/pairing.js';
import { pairingInput } from '../src/modules/mentoring/service.js';
import { createOperator, setupApp } from './helper.js';

const ctx = setupApp();

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** A small seeded generator (mulberry32), so each instance is the same on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRADES = ['M1805', 'M1801', 'M1802', 'D1102', 'D1106', 'H2909', 'K2111', 'J1501'];
const COMMUNES = ['94028', '94081', '94046', '94068', '94022', '94054'];
const LANGUAGES = ['fr', 'ar', 'en', 'es'];

function pick<T>(next: () => number, list: readonly T[], count: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) {
    out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
  }
  return out;
}

function slots(next: () => number): WeeklySlot[] {
  return pick(next, [1, 2, 3, 4, 5, 6], 2 + Math.floor(next() * 3)).map((day) => {
    const start = 9 + Math.floor(next() * 8);
    const end = Math.min(21, start + 2 + Math.floor(next() * 5));
    const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
    return { day, start: hh(start), end: hh(end) };
  });
}

/** Mentors and adult mentees straight into the database (no consent needed for adults). */
async function instance(seed: number, mentees: number, mentors: number) {
  const next = random(seed);
  const db = ctx.handle.db;
  for (let i = 0; i < mentors; i++) {
    const [user] = await db
      .insert(users)
      .values({ displayName: `Mentor ${seed}-${i}`, email: `mentor.${seed}.${i}@example.test` })
      .returning({ id: users.id });
    await db.insert(userRoles).values({ userId: user!.id, role: 'mentor' });
    await db.insert(mentorProfiles).values({
      userId: user!.id,
      tradeCodes: pick(next, TRADES, 1 + Math.floor(next() * 3)),
      languages: ['fr', ...pick(next, LANGUAGES.slice(1), Math.floor(next() * 2))],
      modes: next() < 0.5 ? ['video', 'in_person'] : ['video', 'phone'],
      communes: pick(next, COMMUNES, 2 + Math.floor(next() * 3)),
      capacity: 1 + Math.floor(next() * 3),
      availability: slots(next),
      bio: '',
    });
  }
  for (let i = 0; i < mentees; i++) {
    const [user] = await db
      .insert(users)
      .values({ displayName: `Mentoré ${seed}-${i}`, email: `mentee.${seed}.${i}@example.test` })
      .returning({ id: users.id });
    await db.insert(userRoles).values({ userId: user!.id, role: 'student' });
    await db.insert(students).values({
      userId: user!.id,
      firstName: 'Mentoré',
      lastName: `${seed}-${i}`,
      birthDate: '2005-09-01',
    });
    const inPerson = next() < 0.4;
    await db.insert(menteeRequests).values({
      menteeId: user!.id,
      goals: ['first_job'],
      tradeCodes: pick(next, TRADES, 1 + Math.floor(next() * 2)),
      modes: inPerson ? ['in_person', 'video'] : next() < 0.5 ? ['video'] : ['phone', 'video'],
      availability: slots(next),
      languages: next() < 0.2 ? ['ar', 'fr'] : ['fr'],
      communeCode: inPerson ? pick(next, COMMUNES, 1)[0]! : null,
    });
  }
}

const units = (score: number) => Math.round(score * 1000);

interface Edge {
  request: number;
  mentor: number;
  units: number;
}

/** max c·x s.t. each request ≤ 1, each mentor ≤ room, 0 ≤ x ≤ 1 (and Σx = count when given). */
function solveLp(
  edges: Edge[],
  requests: number,
  rooms: number[],
  objective: number[],
  count?: number,
) {
  const rowUpper = [...Array<number>(requests).fill(1), ...rooms];
  const rowLower = rowUpper.map(() => -highs.infinity);
  if (count !== undefined) {
    rowUpper.push(count);
    rowLower.push(count);
  }
  const countRow = requests + rooms.length;
  const starts = [0];
  const indices: number[] = [];
  for (const e of edges) {
    indices.push(e.request, requests + e.mentor);
    if (count !== undefined) indices.push(countRow);
    starts.push(indices.length);
  }
  return highs.withModel(
    {
      numCols: edges.length,
      numRows: rowUpper.length,
      sense: highs.constants.objectiveSense.maximize,
      colCost: Float64Array.from(objective),
      colLower: new Float64Array(edges.length),
      colUpper: new Float64Array(edges.length).fill(1),
      rowLower: Float64Array.from(rowLower),
      rowUpper: Float64Array.from(rowUpper),
      matrix: {
        format: 'csc',
        numRows: rowUpper.length,
        numCols: edges.length,
        starts: Int32Array.from(starts),
        indices: Int32Array.from(indices),
        values: new Float64Array(indices.length).fill(1),
      },
    },
    (model) => {
      model.options.set({ output_flag: false });
      model.run();
      expect(model.getModelStatus()).toBe(highs.constants.modelStatus.optimal);
      return Array.from(model.getSolution().colValue);
    },
  );
}

describe('pairing against the HiGHS LP optimum', () => {
  it.each([
    [11, 9, 4],
    [23, 12, 5],
    [37, 14, 6],
  ])(
    'instance %i (%i requests, %i mentors): the preview pairs as many as the LP, for the LP’s best total',
    async (seed, mentees, mentors) => {
      await instance(seed, mentees, mentors);
      const operator = await createOperator(ctx);
      const response = await ctx.app.inject({
        method: 'GET',
        url: '/api/mentoring/pairing/preview',
        headers: operator.headers,
      });
      expect(response.statusCode).toBe(200);
      const preview = response.json() as PairingPreview;

      // The same candidate pairs the API chose from, read from the same database.
      const { input } = await pairingInput(ctx.handle.db, { now: new Date() });
      const candidates = candidatePairs(input);
      expect(preview.candidatePairs).toBe(candidates.length);
      // A real choice to make: more candidate pairs than requests, more requests than room.
      expect(candidates.length).toBeGreaterThan(mentees);
      // The fast candidate search keeps exactly the pairs the full scoring finds eligible, with
      // the same scores.
      const found = new Map(candidates.map((c) => [`${c.requestId}|${c.mentorId}`, c.score]));
      for (const request of input.requests) {
        for (const mentor of input.mentors) {
          const full = scorePair(request, mentor, input.centroids);
          const fast = found.get(`${request.id}|${mentor.userId}`);
          expect(fast !== undefined).toBe(full.eligible && mentor.remaining > 0);
          if (fast !== undefined) expect(fast).toBeCloseTo(full.score, 9);
        }
      }
      const requestIndex = new Map(input.requests.map((r, i) => [r.id, i]));
      const mentorIndex = new Map(input.mentors.map((m, i) => [m.userId, i]));
      const edges: Edge[] = candidates.map((c) => ({
        request: requestIndex.get(c.requestId)!,
        mentor: mentorIndex.get(c.mentorId)!,
        units: units(c.score),
      }));
      const rooms = input.mentors.map((m) => m.remaining);

      const countSolution = solveLp(
        edges,
        input.requests.length,
        rooms,
        edges.map(() => 1),
      );
      const bestCount = Math.round(countSolution.reduce((a, b) => a + b, 0));
      const scoreSolution = solveLp(
        edges,
        input.requests.length,
        rooms,
        edges.map((e) => e.units),
        bestCount,
      );
      for (const value of scoreSolution) {
        expect(Math.min(Math.abs(value), Math.abs(value - 1))).toBeLessThan(1e-6);
      }
      const lpTotal = edges.reduce((sum, e, j) => sum + (scoreSolution[j]! > 0.5 ? e.units : 0), 0);

      // Feasible: each request once, each mentor within room, only candidate pairs.
      const byKey = new Map(candidates.map((c) => [`${c.requestId}|${c.mentorId}`, c]));
      const perMentor = new Map<string, number>();
      const seen = new Set<string>();
      for (const p of preview.pairs) {
        expect(byKey.has(`${p.requestId}|${p.mentorId}`)).toBe(true);
        expect(seen.has(p.requestId)).toBe(false);
        seen.add(p.requestId);
        perMentor.set(p.mentorId, (perMentor.get(p.mentorId) ?? 0) + 1);
      }
      for (const [mentorId, taken] of perMentor) {
        expect(taken).toBeLessThanOrEqual(input.mentors[mentorIndex.get(mentorId)!]!.remaining);
      }
      // Optimal: as many pairs as the LP, and the LP's total, to the thousandth of a point.
      expect(preview.pairs).toHaveLength(bestCount);
      expect(preview.pairs.reduce((sum, p) => sum + units(p.score), 0)).toBe(lpTotal);
      expect(preview.unpaired).toHaveLength(input.requests.length - bestCount);
    },
  );
});
