// The jury's arithmetic: a juror's weighted total on 100 from their marks, and the ranking of the
// teams by the mean of their jurors' totals, with ties broken by a rule stated in words.
import type { RubricCriterion } from '@tremplin/contracts';

/** Totals are kept to the hundredth; two means closer than this are equal. */
const EPSILON = 1e-9;

/** The weighted total on 100: each mark as a share of its criterion's max, weighted. */
export function weightedTotal(rubric: readonly RubricCriterion[], marks: Record<string, number>) {
  const weights = rubric.reduce((sum, c) => sum + c.weight, 0);
  if (weights <= 0) return 0;
  const share = rubric.reduce((sum, c) => sum + (c.weight * (marks[c.key] ?? 0)) / c.max, 0);
  return Math.round((10000 * share) / weights) / 100;
}

/** The criterion that weighs most (the first of them in the rubric's order when several do). */
export function firstWeightedCriterion(rubric: readonly RubricCriterion[]): RubricCriterion {
  let best = rubric[0]!;
  for (const criterion of rubric) if (criterion.weight > best.weight) best = criterion;
  return best;
}

/** The tie-break rule as the results page states it. */
export function tieRuleText(rubric: readonly RubricCriterion[]): string {
  const first = firstWeightedCriterion(rubric);
  return (
    'Le classement suit la moyenne des notes sur 100 données par les membres du jury. ' +
    `En cas d'égalité, l'équipe la mieux notée en moyenne sur le critère au plus fort coefficient (« ${first.label} ») passe devant ; ` +
    "si l'égalité demeure, celle qui a déposé son travail le plus tôt passe devant."
  );
}

export interface TeamScores {
  teamId: string;
  teamName: string;
  schoolName: string;
  submittedAt: Date;
  scores: { marks: Record<string, number>; total: number }[];
}

export interface Ranked extends Omit<TeamScores, 'scores'> {
  rank: number;
  meanTotal: number;
  scoreCount: number;
  firstCriterionMean: number;
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * Ranks the teams that have at least one score: by mean total, then by mean mark on the
 * first-weighted criterion, then by earlier submission (then, never reached in practice, by
 * name and id so that the order is total). Every team gets its own rank.
 */
export function rankTeams(rubric: readonly RubricCriterion[], teams: readonly TeamScores[]) {
  const first = firstWeightedCriterion(rubric);
  const rows = teams
    .filter((t) => t.scores.length > 0)
    .map((t) => ({
      teamId: t.teamId,
      teamName: t.teamName,
      schoolName: t.schoolName,
      submittedAt: t.submittedAt,
      scoreCount: t.scores.length,
      meanTotal: mean(t.scores.map((s) => s.total)),
      firstCriterionMean: mean(t.scores.map((s) => s.marks[first.key] ?? 0)),
    }));
  rows.sort((a, b) => {
    if (Math.abs(a.meanTotal - b.meanTotal) > EPSILON) return b.meanTotal - a.meanTotal;
    if (Math.abs(a.firstCriterionMean - b.firstCriterionMean) > EPSILON) {
      return b.firstCriterionMean - a.firstCriterionMean;
    }
    const time = a.submittedAt.getTime() - b.submittedAt.getTime();
    if (time !== 0) return time;
    return a.teamName.localeCompare(b.teamName, 'fr') || (a.teamId < b.teamId ? -1 : 1);
  });
  return rows.map((row, i): Ranked => ({
    ...row,
    rank: i + 1,
    meanTotal: Math.round(row.meanTotal * 100) / 100,
    firstCriterionMean: Math.round(row.firstCriterionMean * 100) / 100,
  }));
}
