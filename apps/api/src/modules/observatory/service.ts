// The observatory page as one answer (its statements run side by side), its tables as CSV for
// French spreadsheets, and who gets which scope.
import type { Executor } from '@tremplin/db';
import type { Observatory, ObservatoryTable, Role } from '@tremplin/contracts';
import { forbidden } from '../../lib/problem.js';
import { parisToday } from '../agreements/dates.js';
import { schoolYearBounds } from '../classes/calendar.js';
import * as repo from './repository.js';
import type { Scope } from './repository.js';

/** The operator sees the département; a head of school their school; an employer their company. */
export function scopeFor(viewer: { id: string; roles: readonly Role[] }): Scope {
  if (viewer.roles.includes('operator')) return { kind: 'departement', viewerId: viewer.id };
  if (viewer.roles.includes('school_admin')) return { kind: 'school', viewerId: viewer.id };
  if (viewer.roles.includes('employer')) return { kind: 'company', viewerId: viewer.id };
  throw forbidden(
    "L'observatoire est réservé au Département, aux chefs d'établissement et aux entreprises.",
  );
}

/** The facts are recomputed when older than this (and every 5 minutes by the job). */
const MAX_AGE_MS = 5 * 60_000;
let warmed = false;
let running: Promise<void> | null = null;

function refreshOnce(db: Executor): Promise<void> {
  running ??= repo.refreshObservatory(db).finally(() => {
    running = null;
  });
  return running;
}

/**
 * The first request of a process waits for fresh facts (data may have been seeded or imported
 * since they were computed); later ones are answered at once and refresh stale facts behind.
 */
export async function ensureFresh(
  db: Executor,
  params: { now: Date; onError: (error: unknown) => void },
): Promise<void> {
  if (!warmed) {
    warmed = true;
    await refreshOnce(db);
    return;
  }
  const at = await repo.refreshedAt(db);
  if (!at || params.now.getTime() - at.getTime() > MAX_AGE_MS) {
    refreshOnce(db).catch(params.onError);
  }
}

export async function buildObservatory(
  db: Executor,
  params: { scope: Scope; year: number; now: Date },
): Promise<Observatory> {
  const { scope, year, now } = params;
  const names = await repo.scopeNames(db, scope);
  if (scope.kind !== 'departement' && names.length === 0) {
    throw forbidden(
      scope.kind === 'school'
        ? "Votre rattachement à un établissement n'est pas encore validé : l'observatoire s'ouvrira ensuite."
        : "Votre rattachement à une entreprise n'est pas encore validé : l'observatoire s'ouvrira ensuite.",
    );
  }
  const today = parisToday(now);
  const [refreshedAt, supply, pupils, cover, current, previous] = await Promise.all([
    repo.refreshedAt(db),
    repo.supplyAndDemand(db, { scope, year }),
    repo.pupilPlacement(db, { scope, year, today }),
    repo.coverage(db, { scope, year }),
    repo.headline(db, { scope, year }),
    repo.headline(db, { scope, year: year - 1 }),
  ]);
  const { start, end } = schoolYearBounds(year);
  return {
    schoolYear: year,
    from: start,
    to: end,
    generatedAt: now.toISOString(),
    refreshedAt: refreshedAt?.toISOString() ?? null,
    scope: { kind: scope.kind, names },
    totals: repo.totalsOf(current),
    supplyByDomain: supply.domains,
    supplyByTrade: supply.trades,
    communes: repo.communeRows(supply.communes, pupils.communes, cover.communes),
    placementBySchool: pupils.schools,
    placementByPriority: pupils.priorities,
    unplaced: pupils.unplaced,
    coverageByDomain: cover.domains,
    yearOnYear: repo.yearOnYear(current, previous),
  };
}

// --- CSV ------------------------------------------------------------------------------------------

type Cell = string | number | null;

const PRIORITY_WORDS: Record<string, string> = {
  rep_plus: 'REP+',
  rep: 'REP',
  none: 'Hors éducation prioritaire',
};

const METRIC_WORDS: Record<string, string> = {
  offers: 'Offres de stage',
  seats: 'Places',
  applications: 'Candidatures',
  applicants: 'Élèves candidats',
  wishes: 'Vœux de campagne',
  searchesWithoutResult: 'Recherches sans résultat',
  pupils: 'Élèves des classes de l’année',
  placed: 'Élèves avec un stage confirmé',
  placementRate: 'Taux de placement (%)',
  agreementsSigned: 'Conventions signées',
  mentorshipsStarted: 'Mentorats commencés',
  visitsDone: 'Interventions d’ambassadeurs',
};

/** A decimal the French way ("45,5"), without thousands separators; empty when there is none. */
const decimal = (x: number | null): Cell => (x === null ? null : String(x).replace('.', ','));
const percent = (rate: number | null): Cell =>
  rate === null ? null : decimal(Math.round(rate * 1000) / 10);

/** One cell, quoted when needed; a text starting like a formula is defused for spreadsheets. */
function cell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a byte-order mark and `;` between cells: what French spreadsheets open as they are. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

const yearLabel = (year: number) => `${year}-${year + 1}`;

export function tableCsv(o: Observatory, table: ObservatoryTable): string | null {
  switch (table) {
    case 'totaux': {
      const t = o.totals;
      return toCsv(
        ['Indicateur', yearLabel(o.schoolYear)],
        [
          [METRIC_WORDS.offers!, t.offers],
          [METRIC_WORDS.seats!, t.seats],
          [METRIC_WORDS.applications!, t.applications],
          [METRIC_WORDS.applicants!, t.applicants],
          [METRIC_WORDS.wishes!, t.wishes],
          [METRIC_WORDS.searchesWithoutResult!, t.searchesWithoutResult],
          [METRIC_WORDS.pupils!, t.pupils],
          [METRIC_WORDS.placed!, t.placed],
          [METRIC_WORDS.placementRate!, percent(t.placementRate)],
        ],
      );
    }
    case 'domaines':
    case 'metiers':
      return toCsv(
        [
          table === 'domaines' ? 'Grand domaine' : 'Code ROME',
          'Libellé',
          'Offres',
          'Places',
          'Candidatures',
          'Vœux',
          'Recherches sans résultat',
        ],
        (table === 'domaines' ? o.supplyByDomain : o.supplyByTrade).map((r) => [
          r.code,
          r.label,
          r.offers,
          r.seats,
          r.applications,
          r.wishes,
          r.searchesWithoutResult,
        ]),
      );
    case 'communes':
      return toCsv(
        [
          'Code INSEE',
          'Commune',
          'Offres',
          'Places',
          'Candidatures',
          'Recherches sans résultat',
          'Élèves habitant la commune',
          'Élèves placés',
          'Taux de placement (%)',
          'Places pour 100 élèves',
          'Mentors',
          'Ambassadeurs',
        ],
        o.communes.map((r) => [
          r.code,
          r.name,
          r.offers,
          r.seats,
          r.applications,
          r.searchesWithoutResult,
          r.pupils,
          r.placed,
          percent(r.placementRate),
          decimal(r.seatsPer100Pupils),
          r.mentors,
          r.ambassadors,
        ]),
      );
    case 'etablissements':
      if (!o.placementBySchool) return null;
      return toCsv(
        [
          'Établissement',
          'Commune',
          'Éducation prioritaire',
          'Élèves',
          'Élèves placés',
          'Taux (%)',
        ],
        o.placementBySchool.map((r) => [
          r.name,
          r.communeName,
          PRIORITY_WORDS[r.priority]!,
          r.pupils,
          r.placed,
          percent(r.rate),
        ]),
      );
    case 'priorites':
      return toCsv(
        o.scope.kind === 'company'
          ? [
              'Éducation prioritaire',
              'Établissements',
              'Élèves candidats',
              'Élèves accueillis',
              'Taux (%)',
            ]
          : ['Éducation prioritaire', 'Établissements', 'Élèves', 'Élèves placés', 'Taux (%)'],
        o.placementByPriority.map((r) => [
          PRIORITY_WORDS[r.priority]!,
          r.schools,
          r.pupils,
          r.placed,
          percent(r.rate),
        ]),
      );
    case 'sans-stage':
      if (!o.unplaced) return null;
      return toCsv(
        [
          'Établissement',
          'Éducation prioritaire',
          'Niveau',
          'Élèves',
          'Élèves sans stage',
          'Début des semaines de stage',
          'Jours restants',
        ],
        o.unplaced.map((r) => [
          r.schoolName,
          PRIORITY_WORDS[r.priority]!,
          r.level,
          r.pupils,
          r.unplaced,
          r.nextWeekStart ? r.nextWeekStart.split('-').reverse().join('/') : null,
          r.daysLeft,
        ]),
      );
    case 'couverture':
      return toCsv(
        [
          'Grand domaine',
          'Libellé',
          'Mentors',
          'Ambassadeurs',
          'Mentorats commencés',
          'Interventions en classe',
          'Élèves intéressés',
        ],
        o.coverageByDomain.map((r) => [
          r.code,
          r.label,
          r.mentors,
          r.ambassadors,
          r.mentorships,
          r.visits,
          r.interestedPupils,
        ]),
      );
    case 'evolution':
      return toCsv(
        ['Indicateur', yearLabel(o.schoolYear - 1), yearLabel(o.schoolYear), 'Évolution (%)'],
        o.yearOnYear.map((r) => {
          const isRate = r.metric === 'placementRate';
          const change =
            r.current !== null && r.previous !== null && r.previous !== 0 && !isRate
              ? decimal(Math.round(((r.current - r.previous) / r.previous) * 1000) / 10)
              : null;
          return [
            METRIC_WORDS[r.metric]!,
            isRate ? percent(r.previous) : r.previous,
            isRate ? percent(r.current) : r.current,
            change,
          ];
        }),
      );
  }
}
