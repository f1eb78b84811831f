// Demo data of the skills passport and the observatory: the demo pupil's own reflection (beside
// the entries the other seeds put in her passport), and pupils' searches that found no offer, this
// school year and the previous one, so the observatory shows demand against supply and a change
// over a year. Searches carry no personal data (trades, commune, level, when).
import type { Executor } from '../client.js';
import { offerSearches, passportEntries } from '../schema/index.js';

/** The school year of a day (1 August – 31 July), by its first calendar year. */
function schoolYearOf(day: Date): number {
  return day.getUTCMonth() >= 7 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
}

/** Searches that found nothing: trades nobody offers in the demo, in a few communes. */
const EMPTY_SEARCHES: { trades: string[]; commune: string | null; count: number }[] = [
  { trades: ['A1203'], commune: '94028', count: 4 },
  { trades: ['J1501'], commune: '94081', count: 6 },
  { trades: ['G1204'], commune: '94046', count: 3 },
  { trades: ['F1602'], commune: '94022', count: 5 },
  { trades: ['M1607'], commune: null, count: 2 },
  { trades: ['I1308', 'H2909'], commune: '94041', count: 3 },
  { trades: ['N4105'], commune: '94054', count: 2 },
];

export async function seedPassport(
  tx: Executor,
  params: { studentId: string; now?: Date },
): Promise<void> {
  const now = params.now ?? new Date();
  const year = schoolYearOf(now);
  // Dates in the first weeks of the school year (never in the future of a fresh start).
  const thisYear = (n: number) =>
    new Date(Math.min(now.getTime(), Date.UTC(year, 8, 10 + n, 9 + (n % 8), 15)));
  const lastYear = (n: number) => new Date(Date.UTC(year - 1, 10, 3 + n, 10 + (n % 6), 40));

  await tx.insert(passportEntries).values({
    studentId: params.studentId,
    kind: 'reflection',
    title: 'Mon projet pour l’oral du brevet',
    description:
      'Après l’atelier sur mes centres d’intérêt, j’aimerais découvrir un métier où l’on fabrique quelque chose de ses mains, comme la boulangerie ou le bâtiment. Je veux demander un stage dans une boulangerie de Créteil.',
    occurredOn: thisYear(20).toISOString().slice(0, 10),
    visible: true,
  });

  const rows: (typeof offerSearches.$inferInsert)[] = [];
  EMPTY_SEARCHES.forEach((search, i) => {
    for (let k = 0; k < search.count; k++) {
      rows.push({
        at: thisYear(i * 3 + k),
        tradeCodes: search.trades,
        communeCode: search.commune,
        level: '3e',
        results: 0,
      });
      // A year earlier, a little less demand for the same trades.
      if (k % 2 === 0) {
        rows.push({
          at: lastYear(i * 3 + k),
          tradeCodes: search.trades,
          communeCode: search.commune,
          level: '3e',
          results: 0,
        });
      }
    }
  });
  await tx.insert(offerSearches).values(rows);
}
