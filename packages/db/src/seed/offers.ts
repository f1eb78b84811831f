// Demo stage offers: twenty published offers of the six demo companies (fictitious), with legal
// schedules for minors, ROME codes of their trade, 3e periods in the January–February 2027 stage
// weeks and 2de periods in the last two weeks of June 2027, and a few seats reserved for REP/REP+
// pupils until mid-December. So a newcomer who searches finds something, on the list and the map.
import { inArray } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { companies, offerPeriods, offers, trades, type ScheduleDay } from '../schema/index.js';
import { searchable } from '../text.js';

const weekdays = (start: string, end: string, lunch: [string, string]): ScheduleDay[] =>
  [1, 2, 3, 4, 5].map((day) => ({ day, start, end, breaks: [{ start: lunch[0], end: lunch[1] }] }));

/** 9:00–16:30 with 1 h 30 for lunch: 6 h a day, 30 h a week. */
const office = weekdays('09:00', '16:30', ['12:00', '13:30']);
/** 8:00–15:30 with a 1 h lunch: 6 h 30 a day, 32 h 30 a week. */
const site = weekdays('08:00', '15:30', ['12:00', '13:00']);
/** Tuesday to Saturday, 6:30–13:00 with a 30-minute break: the bakery's morning (30 h). */
const bakery: ScheduleDay[] = [2, 3, 4, 5, 6].map((day) => ({
  day,
  start: '06:30',
  end: '13:00',
  breaks: [{ start: '10:00', end: '10:30' }],
}));

type Level = '4e' | '3e' | '2de' | 'pro';
interface DemoPeriod {
  start: string;
  end: string;
  seats: number;
  reserved?: number;
}
interface DemoOffer {
  company: number;
  title: string;
  description: string;
  trades: string[];
  levels: Level[];
  schedule: ScheduleDay[];
  periods: DemoPeriod[];
  accessible?: boolean;
  tutor: [string, string];
}

// 3e weeks in school time (zone C: Christmas ends 3 January, winter holidays start 6 February).
const JAN11 = { start: '2027-01-11', end: '2027-01-15' };
const JAN18 = { start: '2027-01-18', end: '2027-01-22' };
const JAN25 = { start: '2027-01-25', end: '2027-01-29' };
const FEB01 = { start: '2027-02-01', end: '2027-02-05' };
// The bakery works Tuesday to Saturday: its 3e weeks run Tuesday to Saturday.
const JAN19_SAT = { start: '2027-01-19', end: '2027-01-23' };
const JAN26_SAT = { start: '2027-01-26', end: '2027-01-30' };
// 2de: the last two weeks of June 2027 (14–18 and 21–25 June).
const JUNE1 = { start: '2027-06-14', end: '2027-06-18' };
const JUNE2 = { start: '2027-06-21', end: '2027-06-25' };
const JUNE = { start: '2027-06-14', end: '2027-06-25' };

const demoOffers: DemoOffer[] = [
  {
    company: 0,
    title: 'Découvrir le métier de boulanger (démo)',
    description:
      'Observer le pétrissage, le façonnage et la cuisson du pain au fournil, puis la vente en boutique. Tenue fournie ; pas de manipulation du four.',
    trades: ['D1102'],
    levels: ['3e'],
    schedule: bakery,
    periods: [
      { ...JAN19_SAT, seats: 2, reserved: 1 },
      { ...JAN26_SAT, seats: 1 },
    ],
    tutor: ['Bernard Fournil', 'Artisan boulanger'],
  },
  {
    company: 0,
    title: 'Pâtisserie et vente en boutique (démo)',
    description:
      'Suivre la préparation des entremets et des viennoiseries, la décoration, puis le conseil aux clients et la présentation de la vitrine.',
    trades: ['D1104', 'D1106'],
    levels: ['3e', '2de'],
    schedule: office,
    periods: [
      { ...JAN18, seats: 1 },
      { ...JUNE1, seats: 1 },
    ],
    accessible: true,
    tutor: ['Sophie Ganache', 'Cheffe pâtissière'],
  },
  {
    company: 1,
    title: 'Mécanique automobile à l’atelier (démo)',
    description:
      'Observer le diagnostic d’une panne, la vidange, le changement de pneus et de plaquettes, l’accueil des clients et la préparation des devis.',
    trades: ['I1604'],
    levels: ['3e'],
    schedule: site,
    periods: [
      { ...JAN18, seats: 2, reserved: 1 },
      { ...FEB01, seats: 2 },
    ],
    tutor: ['Karim Moteur', "Chef d'atelier"],
  },
  {
    company: 1,
    title: 'Carrosserie et peinture (démo)',
    description:
      'Découvrir le débosselage, la préparation des surfaces et la mise en peinture en cabine (observation à distance, protections fournies).',
    trades: ['I1606'],
    levels: ['3e', 'pro'],
    schedule: site,
    periods: [{ ...JAN25, seats: 1 }],
    tutor: ['Julie Vernis', 'Carrossière-peintre'],
  },
  {
    company: 1,
    title: 'Accueil et relation client au garage (démo)',
    description:
      'Voir comment on accueille un client, on planifie les rendez-vous de l’atelier et on explique une facture.',
    trades: ['I1604', 'D1106'],
    levels: ['2de'],
    schedule: office,
    periods: [{ ...JUNE, seats: 1 }],
    accessible: true,
    tutor: ['Karim Moteur', "Chef d'atelier"],
  },
  {
    company: 2,
    title: 'Développeur ou développeuse web (démo)',
    description:
      'Participer aux réunions d’équipe, voir comment on conçoit et teste une application, découvrir les métiers du numérique autour d’un projet réel.',
    trades: ['M1805'],
    levels: ['3e', '2de'],
    schedule: office,
    periods: [
      { ...JAN18, seats: 2, reserved: 2 },
      { ...FEB01, seats: 2 },
      { ...JUNE2, seats: 2 },
    ],
    accessible: true,
    tutor: ['Nadia Octet', 'Développeuse'],
  },
  {
    company: 2,
    title: 'Réseaux et maintenance informatique (démo)',
    description:
      'Observer l’installation de postes, la gestion d’un réseau d’entreprise et l’assistance aux utilisateurs.',
    trades: ['M1801'],
    levels: ['3e'],
    schedule: office,
    periods: [{ ...JAN11, seats: 1 }],
    accessible: true,
    tutor: ['Thomas Routeur', 'Administrateur systèmes'],
  },
  {
    company: 2,
    title: 'Création de contenus vidéo (démo)',
    description:
      'Découvrir le tournage, le montage et la mise en ligne de vidéos pour les clients de l’atelier.',
    trades: ['E1205'],
    levels: ['3e', '2de'],
    schedule: office,
    periods: [
      { ...JAN25, seats: 1 },
      { ...JUNE1, seats: 1 },
    ],
    accessible: true,
    tutor: ['Léa Pixel', 'Monteuse vidéo'],
  },
  {
    company: 3,
    title: 'Une semaine à l’officine (démo)',
    description:
      'Observer le conseil aux patients, la préparation des commandes et la gestion des stocks de médicaments (sans délivrance).',
    trades: ['J1202'],
    levels: ['3e'],
    schedule: office,
    periods: [
      { ...JAN18, seats: 1, reserved: 1 },
      { ...FEB01, seats: 1 },
    ],
    accessible: true,
    tutor: ['Claire Gélule', 'Pharmacienne'],
  },
  {
    company: 3,
    title: 'Préparateur en pharmacie : découverte (démo)',
    description:
      'Suivre la réception des livraisons, le rangement, la préparation des ordonnances (observation) et le travail avec les pharmaciens.',
    trades: ['J1202'],
    levels: ['2de'],
    schedule: office,
    periods: [{ ...JUNE, seats: 1 }],
    accessible: true,
    tutor: ['Claire Gélule', 'Pharmacienne'],
  },
  {
    company: 4,
    title: 'Maçonnerie sur un chantier (démo)',
    description:
      'Découvrir un chantier de construction : lecture des plans, implantation, montage des murs (observation depuis les zones autorisées, équipements fournis).',
    trades: ['F1703'],
    levels: ['3e'],
    schedule: site,
    periods: [
      { ...JAN18, seats: 2, reserved: 1 },
      { ...JAN25, seats: 2 },
    ],
    tutor: ['Paul Truelle', 'Chef de chantier'],
  },
  {
    company: 4,
    title: 'Électricité du bâtiment (démo)',
    description:
      'Observer le travail d’une équipe d’électriciens : tirage de câbles, pose des tableaux, contrôles de sécurité — jamais sous tension.',
    trades: ['F1602'],
    levels: ['3e', 'pro'],
    schedule: site,
    periods: [
      { ...FEB01, seats: 2 },
      { ...JAN11, seats: 1 },
    ],
    tutor: ['Amel Volt', 'Cheffe d’équipe électricité'],
  },
  {
    company: 4,
    title: 'Dessin et plans au bureau d’études (démo)',
    description:
      'Découvrir la conception des plans sur ordinateur, les métrés et la préparation des chantiers avec les dessinateurs.',
    trades: ['F1104'],
    levels: ['3e', '2de'],
    schedule: office,
    periods: [
      { ...JAN18, seats: 1 },
      { ...JUNE2, seats: 1 },
    ],
    accessible: true,
    tutor: ['Hugo Calque', 'Dessinateur-projeteur'],
  },
  {
    company: 5,
    title: 'Préparation de commandes en entrepôt (démo)',
    description:
      'Suivre le parcours d’une commande : réception, stockage, préparation et expédition, et la sécurité dans l’entrepôt (pas de conduite d’engin).',
    trades: ['N1103'],
    levels: ['3e'],
    schedule: site,
    periods: [
      { ...JAN18, seats: 3, reserved: 2 },
      { ...FEB01, seats: 3 },
    ],
    accessible: true,
    tutor: ['Samir Palette', "Responsable d'entrepôt"],
  },
  {
    company: 5,
    title: 'Les métiers de la logistique aéroportuaire (démo)',
    description:
      'Découvrir l’organisation des flux de marchandises près de l’aéroport, le suivi informatique des colis et le travail des équipes.',
    trades: ['N1303', 'N1103'],
    levels: ['3e', '2de'],
    schedule: office,
    periods: [
      { ...JAN25, seats: 2 },
      { ...JUNE, seats: 2 },
    ],
    accessible: true,
    tutor: ['Inès Fret', 'Coordinatrice logistique'],
  },
  {
    company: 5,
    title: 'Transport routier : une semaine avec l’exploitation (démo)',
    description:
      'Voir comment on prépare les tournées, on suit les camions et on organise le travail des conducteurs (pas de trajet en camion).',
    trades: ['N4101'],
    levels: ['3e'],
    schedule: office,
    periods: [{ ...JAN11, seats: 1 }],
    tutor: ['Marc Tournée', "Responsable d'exploitation"],
  },
  {
    company: 2,
    title: 'Découvrir la formation des adultes (démo)',
    description:
      'Observer comment on prépare et anime une formation au numérique pour des adultes, et comment on accueille les stagiaires.',
    trades: ['K2111'],
    levels: ['2de'],
    schedule: office,
    periods: [{ ...JUNE1, seats: 1 }],
    accessible: true,
    tutor: ['Nadia Octet', 'Développeuse'],
  },
  {
    company: 4,
    title: 'Chantier de rénovation énergétique (démo)',
    description:
      'Découvrir l’isolation et la rénovation d’un immeuble : diagnostic, organisation du chantier, métiers qui interviennent.',
    trades: ['F1703', 'F1602'],
    levels: ['2de'],
    schedule: site,
    periods: [{ ...JUNE2, seats: 2 }],
    tutor: ['Paul Truelle', 'Chef de chantier'],
  },
  {
    company: 0,
    title: 'Vente en alimentation : le comptoir (démo)',
    description:
      'Apprendre à observer la relation client, la mise en valeur des produits et la tenue de la caisse dans un commerce de quartier.',
    trades: ['D1106'],
    levels: ['3e'],
    schedule: office,
    periods: [{ ...JAN25, seats: 1 }],
    accessible: true,
    tutor: ['Sophie Ganache', 'Cheffe pâtissière'],
  },
  {
    company: 1,
    title: 'Montage et contrôle des pièces (démo)',
    description:
      'Observer l’assemblage et le contrôle qualité des pièces détachées livrées à l’atelier.',
    trades: ['H2909'],
    levels: ['3e', 'pro'],
    schedule: site,
    periods: [{ ...FEB01, seats: 1 }],
    tutor: ['Julie Vernis', 'Carrossière-peintre'],
  },
];

export interface OfferSeedParams {
  /** The six demo companies, in the order of demo.ts. */
  companyIds: string[];
  /** The demo employer, who posted them. */
  createdBy: string;
}

/** Seeds the demo offers; returns how many were created. */
export async function seedOffers(tx: Executor, params: OfferSeedParams): Promise<number> {
  const places = new Map(
    (
      await tx
        .select({
          id: companies.id,
          address: companies.address,
          communeCode: companies.communeCode,
          lat: companies.lat,
          lon: companies.lon,
        })
        .from(companies)
        .where(inArray(companies.id, params.companyIds))
    ).map((c) => [c.id, c]),
  );
  const codes = [...new Set(demoOffers.flatMap((o) => o.trades))];
  const labels = new Map(
    (
      await tx
        .select({ code: trades.code, label: trades.label })
        .from(trades)
        .where(inArray(trades.code, codes))
    ).map((t) => [t.code, t.label]),
  );
  const publishedAt = new Date();
  for (const [i, o] of demoOffers.entries()) {
    const company = places.get(params.companyIds[o.company]!)!;
    const [row] = await tx
      .insert(offers)
      .values({
        companyId: company.id,
        title: o.title,
        description: o.description,
        tradeCodes: o.trades,
        levels: o.levels,
        address: company.address,
        communeCode: company.communeCode,
        // A few hundred metres apart, so offers of one company do not sit on one point.
        lat: company.lat + 0.0015 * ((i % 3) - 1),
        lon: company.lon + 0.002 * ((i % 4) - 1.5),
        accessible: o.accessible ?? false,
        schedule: o.schedule,
        tutorName: o.tutor[0],
        tutorRole: o.tutor[1],
        status: 'published',
        publishedAt,
        createdBy: params.createdBy,
        searchText: searchable(
          `${o.title} ${o.description} ${o.trades.map((c) => labels.get(c) ?? '').join(' ')}`,
        ),
      })
      .returning({ id: offers.id });
    await tx.insert(offerPeriods).values(
      o.periods.map((p) => ({
        offerId: row!.id,
        startDate: p.start,
        endDate: p.end,
        seats: p.seats,
        reservedSeats: p.reserved ?? 0,
        // Reserved seats open to everyone once the Christmas holidays start.
        reservedUntil: p.reserved ? '2026-12-18' : null,
      })),
    );
  }
  return demoOffers.length;
}

/** The demo offers, for tests that check them against the stage rules. */
export const demoOfferDefinitions = demoOffers;
