import { describe, expect, it } from 'vitest';
import { firstWeightedCriterion, rankTeams, tieRuleText, weightedTotal } from './scoring.js';

const rubric = [
  { key: 'c1', label: 'Idée', weight: 2, max: 10 },
  { key: 'c2', label: 'Présentation', weight: 1, max: 5 },
  { key: 'c3', label: 'Faisabilité', weight: 2, max: 20 },
];

describe('a juror’s total', () => {
  it('is the weighted share of each mark on 100', () => {
    expect(weightedTotal(rubric, { c1: 10, c2: 5, c3: 20 })).toBe(100);
    expect(weightedTotal(rubric, { c1: 0, c2: 0, c3: 0 })).toBe(0);
    // (2 × 0.5 + 1 × 1 + 2 × 0.25) / 5 = 0.5
    expect(weightedTotal(rubric, { c1: 5, c2: 5, c3: 5 })).toBe(50);
    // (2 × 0.7 + 1 × 0.6 + 2 × 0.35) / 5 = 0.54
    expect(weightedTotal(rubric, { c1: 7, c2: 3, c3: 7 })).toBe(54);
  });
});

describe('the ranking', () => {
  const at = (minute: number) => new Date(Date.UTC(2027, 0, 15, 10, minute));
  const team = (id: string, minute: number, scores: [number, number][]) => ({
    teamId: id,
    teamName: `Équipe ${id}`,
    schoolName: 'Collège',
    submittedAt: at(minute),
    scores: scores.map(([total, c1]) => ({ marks: { c1 }, total })),
  });

  it('orders by the mean of the jurors’ totals', () => {
    const ranked = rankTeams(rubric, [
      team('a', 0, [[60, 6]]),
      team('b', 1, [
        [90, 9],
        [70, 7],
      ]),
      team('c', 2, [[75, 5]]),
    ]);
    expect(ranked.map((r) => [r.teamId, r.rank, r.meanTotal, r.scoreCount])).toEqual([
      ['b', 1, 80, 2],
      ['c', 2, 75, 1],
      ['a', 3, 60, 1],
    ]);
  });

  it('breaks a tie by the first-weighted criterion, then by the earlier submission', () => {
    expect(firstWeightedCriterion(rubric).key).toBe('c1');
    const ranked = rankTeams(rubric, [
      team('late-strong', 9, [[70, 8]]),
      team('early-weak', 1, [[70, 6]]),
      team('early-strong', 2, [[70, 8]]),
    ]);
    expect(ranked.map((r) => r.teamId)).toEqual(['early-strong', 'late-strong', 'early-weak']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
  });

  it('treats means equal up to floating-point noise as equal', () => {
    const ranked = rankTeams(rubric, [
      team('x', 5, [
        [0.1 + 0.2, 1],
        [0.3, 1],
      ]),
      team('y', 1, [[0.3, 1]]),
    ]);
    expect(ranked.map((r) => r.teamId)).toEqual(['y', 'x']);
  });

  it('leaves out teams without any score, and states its rule', () => {
    expect(rankTeams(rubric, [team('a', 0, [])])).toEqual([]);
    expect(tieRuleText(rubric)).toContain('« Idée »');
    expect(tieRuleText(rubric)).toContain('le plus tôt');
  });
});
