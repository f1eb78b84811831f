// Team formation for school–enterprise challenges: students enrolled by their teachers are split
// into teams whose sizes lie in the challenge's range, each team mixing schools, classes and
// declared skills in proportion to the whole group, deterministically for a seed.
//
// Method: a seeded deal (classes largest first, each class dealt round-robin across the teams, so
// that every class and school is already spread evenly), then a seeded local search that swaps two
// students of different teams whenever the swap lowers the imbalance. Swaps keep team sizes, so
// the size guarantee made by the deal holds to the end.

import { createRandom, hashString, type Seed } from '../generator/random.js';

export interface ChallengeStudent {
  id: string;
  schoolId: string;
  classId: string;
  /** Declared skills (free labels: 'oral', 'dessin', 'code'…). */
  skills: readonly string[];
}

export interface TeamOptions {
  minSize: number;
  maxSize: number;
  seed: Seed;
  /** Number of teams wanted; by default as many as gives sizes nearest the middle of the range. */
  teamCount?: number;
  /** The challenge's cap on teams; more would be needed to place everyone is an error. */
  maxTeams?: number;
  /** Passes of the local search (default 40); 0 keeps the deal as it is. */
  improvementPasses?: number;
}

/**
 * How far teams are from the group's proportions, per attribute: for each value (a school, a
 * class, a skill) and team, the squared difference between its count in the team and its share of
 * the team's size, summed. 0 means every team mirrors the whole group.
 */
export interface TeamSpread {
  school: number;
  class: number;
  skill: number;
}

export interface TeamFormation {
  /** Student ids per team; teams in order of their first member's input position. */
  teams: string[][];
  spread: TeamSpread;
}

export type TeamSizeErrorCode = 'invalid-size' | 'impossible-size' | 'too-many-teams';

export class TeamSizeError extends RangeError {
  override readonly name = 'TeamSizeError';

  constructor(
    readonly code: TeamSizeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The range of team counts that can seat `count` students with sizes in [minSize, maxSize]. */
export function feasibleTeamCounts(
  count: number,
  minSize: number,
  maxSize: number,
): { fewest: number; most: number } | null {
  if (count === 0) return { fewest: 0, most: 0 };
  const fewest = Math.ceil(count / maxSize);
  const most = Math.floor(count / minSize);
  return fewest <= most ? { fewest, most } : null;
}

function chooseTeamCount(count: number, options: TeamOptions): number {
  const { minSize, maxSize } = options;
  if (
    !Number.isInteger(minSize) ||
    !Number.isInteger(maxSize) ||
    minSize < 1 ||
    maxSize < minSize
  ) {
    throw new TeamSizeError(
      'invalid-size',
      `team sizes must be whole numbers with 1 <= min <= max (got ${minSize} to ${maxSize})`,
    );
  }
  const range = feasibleTeamCounts(count, minSize, maxSize);
  if (range === null) {
    const fewest = Math.ceil(count / maxSize);
    throw new TeamSizeError(
      'impossible-size',
      `${count} students cannot be split into teams of ${minSize} to ${maxSize}: ` +
        `${fewest} teams need at least ${fewest * minSize} students, ` +
        `${fewest - 1} teams hold at most ${(fewest - 1) * maxSize}`,
    );
  }
  if (options.maxTeams !== undefined && range.fewest > options.maxTeams) {
    throw new TeamSizeError(
      'too-many-teams',
      `${count} students need at least ${range.fewest} teams of at most ${maxSize}, ` +
        `but the challenge takes ${options.maxTeams}`,
    );
  }
  const most = Math.min(range.most, options.maxTeams ?? Infinity);
  if (options.teamCount !== undefined) {
    const wanted = options.teamCount;
    if (!Number.isInteger(wanted) || wanted < range.fewest || wanted > most) {
      throw new TeamSizeError(
        'impossible-size',
        `${count} students cannot make ${wanted} teams of ${minSize} to ${maxSize} ` +
          `(possible: ${range.fewest} to ${most})`,
      );
    }
    return wanted;
  }
  const middle = (minSize + maxSize) / 2;
  return Math.min(most, Math.max(range.fewest, Math.round(count / middle)));
}

/** Attribute values of each student as small integers, with the totals the ideals come from. */
interface Encoded {
  school: Int32Array;
  klass: Int32Array;
  skillStart: Int32Array;
  skill: Int32Array;
  schoolTotal: Float64Array;
  classTotal: Float64Array;
  skillTotal: Float64Array;
}

function encode(students: readonly ChallengeStudent[]): Encoded {
  const ids = <K>(map: Map<K, number>, key: K): number => {
    let id = map.get(key);
    if (id === undefined) map.set(key, (id = map.size));
    return id;
  };
  const schools = new Map<string, number>();
  const classes = new Map<string, number>();
  const skills = new Map<string, number>();
  const school = Int32Array.from(students, (s) => ids(schools, s.schoolId));
  // A class is named within its school.
  const klass = Int32Array.from(students, (s) => ids(classes, `${s.schoolId}\u0000${s.classId}`));
  const skillStart = new Int32Array(students.length + 1);
  const skillList: number[] = [];
  students.forEach((s, i) => {
    for (const label of new Set(s.skills)) skillList.push(ids(skills, label));
    skillStart[i + 1] = skillList.length;
  });
  const skill = Int32Array.from(skillList);
  const totals = (values: Int32Array, size: number) => {
    const total = new Float64Array(size);
    for (const v of values) total[v]!++;
    return total;
  };
  return {
    school,
    klass,
    skillStart,
    skill,
    schoolTotal: totals(school, schools.size),
    classTotal: totals(klass, classes.size),
    skillTotal: totals(skill, skills.size),
  };
}

/** Team-by-value counts of one attribute, flat: counts[value * teams + team]. */
class Tally {
  readonly counts: Float64Array;

  constructor(
    readonly totals: Float64Array,
    readonly teams: number,
    readonly shareOfTeam: Float64Array,
  ) {
    this.counts = new Float64Array(totals.length * teams);
  }

  ideal(value: number, team: number): number {
    return this.totals[value]! * this.shareOfTeam[team]!;
  }

  /** Change in the sum of squared deviations if `delta` is added to (value, team). */
  cost(value: number, team: number, delta: number): number {
    const gap = this.counts[value * this.teams + team]! - this.ideal(value, team);
    return 2 * delta * gap + delta * delta;
  }

  add(value: number, team: number, delta: number): void {
    this.counts[value * this.teams + team]! += delta;
  }

  spread(): number {
    let sum = 0;
    for (let value = 0; value < this.totals.length; value++) {
      for (let team = 0; team < this.teams; team++) {
        const gap = this.counts[value * this.teams + team]! - this.ideal(value, team);
        sum += gap * gap;
      }
    }
    return sum;
  }
}

function tallies(encoded: Encoded, teamOf: Int32Array, sizes: readonly number[]) {
  const teams = sizes.length;
  const count = teamOf.length;
  const share = Float64Array.from(sizes, (size) => (count === 0 ? 0 : size / count));
  const school = new Tally(encoded.schoolTotal, teams, share);
  const klass = new Tally(encoded.classTotal, teams, share);
  const skill = new Tally(encoded.skillTotal, teams, share);
  for (let i = 0; i < count; i++) {
    const team = teamOf[i]!;
    school.add(encoded.school[i]!, team, 1);
    klass.add(encoded.klass[i]!, team, 1);
    for (let k = encoded.skillStart[i]!; k < encoded.skillStart[i + 1]!; k++) {
      skill.add(encoded.skill[k]!, team, 1);
    }
  }
  return { school, klass, skill };
}

/** The imbalance of any split of these students (for instance a teacher's own). */
export function measureSpread(
  students: readonly ChallengeStudent[],
  teams: readonly (readonly string[])[],
): TeamSpread {
  const index = new Map(students.map((s, i) => [s.id, i]));
  const teamOf = new Int32Array(students.length).fill(-1);
  teams.forEach((members, team) => {
    for (const id of members) {
      const i = index.get(id);
      if (i === undefined) throw new RangeError(`unknown student "${id}"`);
      teamOf[i] = team;
    }
  });
  if (teamOf.includes(-1)) throw new RangeError('every student must be in a team');
  const { school, klass, skill } = tallies(
    encode(students),
    teamOf,
    teams.map((members) => members.length),
  );
  return { school: school.spread(), class: klass.spread(), skill: skill.spread() };
}

/** Splits students into balanced teams; throws TeamSizeError when the sizes cannot work. */
export function formTeams(
  students: readonly ChallengeStudent[],
  options: TeamOptions,
): TeamFormation {
  const seen = new Set<string>();
  for (const student of students) {
    if (seen.has(student.id)) throw new RangeError(`student "${student.id}" appears twice`);
    seen.add(student.id);
  }
  const count = students.length;
  const teamCount = chooseTeamCount(count, options);
  if (count === 0) return { teams: [], spread: { school: 0, class: 0, skill: 0 } };
  const base = Math.floor(count / teamCount);
  const sizes = Array.from({ length: teamCount }, (_, t) => base + (t < count % teamCount ? 1 : 0));
  const encoded = encode(students);
  const random = createRandom(options.seed);

  // The deal: classes largest first (ties by a seeded hash), students shuffled within each class,
  // dealt to teams in turn, skipping full ones. Consecutive students of a class land in
  // consecutive teams, and the turn carries on from one class to the next.
  const seedText = String(options.seed);
  const order = random.shuffle(Array.from({ length: count }, (_, i) => i));
  const classSize = encoded.classTotal;
  const classRank = (i: number) =>
    hashString(students[i]!.schoolId + '\u0000' + students[i]!.classId, hashString(seedText));
  const rank = Float64Array.from({ length: count }, (_, i) => classRank(i));
  order.sort((a, b) => {
    const ca = encoded.klass[a]!;
    const cb = encoded.klass[b]!;
    if (ca === cb) return 0;
    return classSize[cb]! - classSize[ca]! || rank[a]! - rank[b]! || ca - cb;
  });
  const teamOf = new Int32Array(count);
  const filled = new Int32Array(teamCount);
  let turn = 0;
  for (const i of order) {
    while (filled[turn]! >= sizes[turn]!) turn = (turn + 1) % teamCount;
    teamOf[i] = turn;
    filled[turn]!++;
    turn = (turn + 1) % teamCount;
  }

  // The local search: for each student in a seeded order, try a few students of other teams and
  // make the best swap that lowers the total imbalance.
  const { school, klass, skill } = tallies(encoded, teamOf, sizes);
  const swapCost = (a: number, b: number, apply: boolean): number => {
    const from = teamOf[a]!;
    const to = teamOf[b]!;
    let cost = 0;
    const single = (tally: Tally, values: Int32Array) => {
      const va = values[a]!;
      const vb = values[b]!;
      if (va === vb) return;
      if (apply) {
        tally.add(va, from, -1);
        tally.add(va, to, 1);
        tally.add(vb, to, -1);
        tally.add(vb, from, 1);
        return;
      }
      cost +=
        tally.cost(va, from, -1) +
        tally.cost(va, to, 1) +
        tally.cost(vb, to, -1) +
        tally.cost(vb, from, 1);
    };
    single(school, encoded.school);
    single(klass, encoded.klass);
    // Skills: a skill both have does not move.
    const { skillStart, skill: skillOf } = encoded;
    const has = (student: number, value: number) => {
      for (let k = skillStart[student]!; k < skillStart[student + 1]!; k++)
        if (skillOf[k] === value) return true;
      return false;
    };
    const move = (student: number, other: number, out: number, into: number) => {
      for (let k = skillStart[student]!; k < skillStart[student + 1]!; k++) {
        const value = skillOf[k]!;
        if (has(other, value)) continue;
        if (apply) {
          skill.add(value, out, -1);
          skill.add(value, into, 1);
        } else {
          // Distinct skills of one student touch distinct (value, team) cells, so costs add up.
          cost += skill.cost(value, out, -1) + skill.cost(value, into, 1);
        }
      }
    };
    move(a, b, from, to);
    move(b, a, to, from);
    if (apply) {
      teamOf[a] = to;
      teamOf[b] = from;
    }
    return cost;
  };

  const passes = options.improvementPasses ?? 40;
  const tries = Math.min(count - 1, 12);
  for (let pass = 0; pass < passes && teamCount > 1; pass++) {
    let improved = false;
    for (const a of random.shuffle(Array.from({ length: count }, (_, i) => i))) {
      let best = -1e-9;
      let partner = -1;
      for (let t = 0; t < tries; t++) {
        const b = random.int(count);
        if (teamOf[b] === teamOf[a]) continue;
        const cost = swapCost(a, b, false);
        if (cost < best) {
          best = cost;
          partner = b;
        }
      }
      if (partner >= 0) {
        swapCost(a, partner, true);
        improved = true;
      }
    }
    if (!improved) break;
  }

  const members: number[][] = Array.from({ length: teamCount }, () => []);
  for (let i = 0; i < count; i++) members[teamOf[i]!]!.push(i);
  members.sort((x, y) => x[0]! - y[0]!);
  return {
    teams: members.map((team) => team.map((i) => students[i]!.id)),
    spread: { school: school.spread(), class: klass.spread(), skill: skill.spread() },
  };
}
