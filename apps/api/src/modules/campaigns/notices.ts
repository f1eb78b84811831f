// What pupils hear from a campaign: their result when a round is published, and the opening of a
// second round. A notification in the app (worded by the web app from its kind and data) and an
// e-mail for those who have an address, in their language; always inside the change's transaction.
import type { Executor } from '@tremplin/db';
import { frenchDate } from '../applications/rules.js';
import { notify, queueMail } from '../notifications/repository.js';
import type { Participant } from './repository.js';

export interface CampaignNoticeOptions {
  webUrl: string;
}

const link = (campaignId: string, page: 'resultat' | 'voeux') => `/campagnes/${campaignId}/${page}`;

function mail(
  options: CampaignNoticeOptions,
  to: { email: string; locale: string; name: string },
  path: string,
  words: { fr: [string, string]; en: [string, string] },
) {
  const english = to.locale === 'en';
  const [subject, text] = english ? words.en : words.fr;
  const url = `${options.webUrl.replace(/\/$/, '')}${path}`;
  return {
    to: to.email,
    subject: `Tremplin – ${subject}`,
    text: `${english ? 'Hello' : 'Bonjour'} ${to.name},\n\n${text}\n\n${english ? 'See it in Tremplin:' : 'Voir dans Tremplin :'} ${url}\n\n${english ? 'The Tremplin team' : "L'équipe Tremplin"}`,
  };
}

/** Tells every pupil of a published run what they got (or that they got nothing this round). */
export async function tellResults(
  tx: Executor,
  options: CampaignNoticeOptions,
  params: { campaignId: string; campaignName: string; round: number; participants: Participant[] },
) {
  const path = link(params.campaignId, 'resultat');
  const rows = params.participants.map((p) => {
    const placed = p.periodId !== null;
    const data: Record<string, string | number> = placed
      ? {
          campaignId: params.campaignId,
          campaignName: params.campaignName,
          offerTitle: p.offerTitle ?? '',
          companyName: p.companyName ?? '',
          startDate: p.startDate ?? '',
          endDate: p.endDate ?? '',
          rank: p.rankObtained ?? 0,
        }
      : { campaignId: params.campaignId, campaignName: params.campaignName };
    return {
      userId: p.studentId,
      kind: placed ? 'campaign.placed' : 'campaign.unplaced',
      data,
      link: path,
    };
  });
  for (let i = 0; i < rows.length; i += 5000) await notify(tx, rows.slice(i, i + 5000));
  for (const p of params.participants) {
    if (!p.email) continue;
    const c = params.campaignName;
    const words =
      p.periodId !== null
        ? {
            fr: [
              `Résultat de la campagne « ${c} » : vous avez un stage`,
              `Vous avez obtenu votre vœu n° ${p.rankObtained} : le stage « ${p.offerTitle} » chez ${p.companyName}, du ${frenchDate(p.startDate!)} au ${frenchDate(p.endDate!)}. Il est confirmé et sa convention est en préparation.`,
            ] as [string, string],
            en: [
              `Result of the campaign "${c}": you have an internship`,
              `You got your wish no. ${p.rankObtained}: the internship "${p.offerTitle}" at ${p.companyName}, from ${p.startDate} to ${p.endDate}. It is confirmed and its agreement is being prepared.`,
            ] as [string, string],
          }
        : {
            fr: [
              `Résultat de la campagne « ${c} »`,
              `Aucun de vos vœux n'a pu être satisfait${params.round === 1 ? ' à ce tour' : ''}. Le détail de chaque vœu est expliqué dans Tremplin ; parlez-en à votre professeur.`,
            ] as [string, string],
            en: [
              `Result of the campaign "${c}"`,
              `None of your wishes could be granted${params.round === 1 ? ' in this round' : ''}. Each wish is explained in Tremplin; talk to your teacher about it.`,
            ] as [string, string],
          };
    await queueMail(
      tx,
      mail(options, { email: p.email, locale: p.locale, name: p.name }, path, words),
    );
  }
}

/** Tells the pupils left without a seat that they may rank new wishes. */
export async function tellSecondRound(
  tx: Executor,
  options: CampaignNoticeOptions,
  params: {
    campaignId: string;
    campaignName: string;
    closesAt: Date;
    pupils: { studentId: string; email: string | null; locale: string; name: string }[];
  },
) {
  const path = link(params.campaignId, 'voeux');
  const closes = params.closesAt.toISOString();
  await notify(
    tx,
    params.pupils.map((p) => ({
      userId: p.studentId,
      kind: 'campaign.second_round',
      data: { campaignId: params.campaignId, campaignName: params.campaignName, closesAt: closes },
      link: path,
    })),
  );
  const day = new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(params.closesAt);
  for (const p of params.pupils) {
    if (!p.email) continue;
    await queueMail(
      tx,
      mail(options, { email: p.email, locale: p.locale, name: p.name }, path, {
        fr: [
          `Second tour de la campagne « ${params.campaignName} »`,
          `Un second tour est ouvert sur les places restantes. Classez vos nouveaux vœux avant le ${day}.`,
        ],
        en: [
          `Second round of the campaign "${params.campaignName}"`,
          `A second round is open over the seats left. Rank your new wishes before ${closes.slice(0, 16).replace('T', ' ')} (UTC).`,
        ],
      }),
    );
  }
}
