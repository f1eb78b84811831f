// Optimal assignment at département scale: 20,000 mentees and 4,000 mentors (about 9,000 seats)
// with the best six mentors of each mentee as candidates (~118,000 pairs), and 3,000 visit
// requests from collège classes with 800 ambassadors under monthly and yearly limits. Instances
// come from the seeded generators; the timed run is the whole call the API server makes, input
// validation and the result objects included. Candidate building is timed separately.
import { assignMentors, assignVisits } from '../../src/assignment/index.js';
import {
  generateMentoringInstance,
  type MentoringInstance,
} from '../../src/generator/pairs-mentoring.js';
import { generateVisitInstance, type VisitInstance } from '../../src/generator/pairs-visits.js';
import { mentoringCandidates } from '../../src/recommend/index.js';
import type { BenchCase } from '../types.js';

export const SEED = 'bench-2025';

let mentoring: MentoringInstance | null = null;
/** The mentoring instance, shared with the HiGHS case (assignment-highs.ts). */
export function mentoringInstance(): MentoringInstance {
  mentoring ??= generateMentoringInstance({ seed: SEED, mentees: 20_000, mentors: 4_000 });
  return mentoring;
}

let visits: VisitInstance | null = null;
function visitInstance(): VisitInstance {
  visits ??= generateVisitInstance({ seed: SEED, requests: 3_000, ambassadors: 800 });
  return visits;
}

const seats = (instance: MentoringInstance) =>
  instance.mentors.reduce((sum, mentor) => sum + mentor.capacity, 0);

export const cases: BenchCase[] = [
  {
    name: 'assignment/mentoring',
    scale: 'departement',
    algorithm: 'min-cost-flow (successive shortest paths)',
    setup: mentoringInstance,
    run(instance: MentoringInstance) {
      const result = assignMentors(instance.problem);
      return {
        entries: instance.problem.pairs.length,
        extra: {
          mentees: instance.mentees.length,
          seats: seats(instance),
          assigned: result.pairs.length,
          total: Number(result.total.toFixed(3)),
        },
      };
    },
  } satisfies BenchCase<MentoringInstance>,
  {
    name: 'assignment/mentoring-max-count',
    scale: 'departement',
    algorithm: 'min-cost-flow, most mentees first',
    setup: mentoringInstance,
    run(instance: MentoringInstance) {
      const result = assignMentors(instance.problem, { objective: 'max-count-then-score' });
      return {
        entries: instance.problem.pairs.length,
        extra: { assigned: result.pairs.length, total: Number(result.total.toFixed(3)) },
      };
    },
  } satisfies BenchCase<MentoringInstance>,
  {
    // The same mentees with half as many seats again (about 13,500): seats and people close in
    // number and competing hard, where shortest paths give way to cost scaling.
    name: 'assignment/mentoring-contended',
    scale: 'departement',
    algorithm: 'shortest paths out of budget, then cost scaling',
    runs: 3,
    setup: () => {
      const instance = mentoringInstance();
      return {
        ...instance,
        problem: {
          ...instance.problem,
          mentors: instance.problem.mentors.map((m) => ({
            ...m,
            capacity: Math.round(m.capacity * 1.5),
          })),
        },
      };
    },
    run(instance: MentoringInstance) {
      const result = assignMentors(instance.problem);
      return {
        entries: instance.problem.pairs.length,
        extra: {
          seats: instance.problem.mentors.reduce((sum, m) => sum + m.capacity, 0),
          assigned: result.pairs.length,
          total: Number(result.total.toFixed(3)),
        },
      };
    },
  } satisfies BenchCase<MentoringInstance>,
  {
    name: 'assignment/visits',
    scale: 'departement',
    algorithm: 'min-cost-flow with monthly and yearly limits',
    setup: visitInstance,
    run(instance: VisitInstance) {
      const result = assignVisits(instance.problem);
      return {
        entries: instance.problem.pairs.length,
        extra: {
          requests: instance.requests.length,
          ambassadors: instance.ambassadors.length,
          assigned: result.visits.length,
          total: Number(result.total.toFixed(3)),
        },
      };
    },
  } satisfies BenchCase<VisitInstance>,
  {
    name: 'assignment/mentoring-candidates',
    scale: 'departement',
    algorithm: 'best 6 mentors per mentee by trade tier with bounds',
    runs: 3,
    setup: mentoringInstance,
    run(instance: MentoringInstance) {
      const pairs = mentoringCandidates(instance.mentees, instance.mentors, { perMentee: 6 });
      return {
        entries: instance.mentees.length,
        extra: { pairs: pairs.length, allPairs: instance.mentees.length * instance.mentors.length },
      };
    },
  } satisfies BenchCase<MentoringInstance>,
];
