// What the other side hears when an application changes: a notification in the app (worded by
// the web app from its kind and data) and an e-mail in the outbox for those who have an address
// (pupils created by their school have none), in the reader's language. Always called inside
// the transaction of the change.
import type { Executor } from '@tremplin/db';
import { notify, queueMail } from '../notifications/repository.js';
import type { Recipient } from './repository.js';
import { frenchDate } from './rules.js';

export type NoticeKind =
  | 'application.submitted'
  | 'application.read'
  | 'application.accepted'
  | 'application.rejected'
  | 'application.withdrawn'
  | 'application.superseded'
  | 'application.confirmed'
  | 'application.expired'
  | 'application.expired_host'
  | 'application.reminder';

export interface NoticeFacts {
  applicationId: string;
  offerTitle: string;
  companyName: string;
  studentName: string;
  startDate: string;
  endDate: string;
  reason?: string | null | undefined;
  days?: number | undefined;
}

/** Who reads the notice decides where its link leads. */
const forHost = new Set<NoticeKind>([
  'application.submitted',
  'application.withdrawn',
  'application.superseded',
  'application.confirmed',
  'application.expired_host',
  'application.reminder',
]);

export function linkOf(kind: NoticeKind, applicationId: string): string {
  return forHost.has(kind)
    ? `/entreprise/candidatures/${applicationId}`
    : `/candidatures#candidature-${applicationId}`;
}

type Words = (f: NoticeFacts & { dates: string }) => { subject: string; text: string };

const fr: Record<NoticeKind, Words> = {
  'application.submitted': (f) => ({
    subject: `Nouvelle candidature : ${f.offerTitle}`,
    text: `${f.studentName} a postulé à votre offre de stage « ${f.offerTitle} » (${f.dates}). Répondez-lui dans les 15 jours : sans réponse, la candidature expire.`,
  }),
  'application.read': (f) => ({
    subject: `Votre candidature a été lue : ${f.offerTitle}`,
    text: `${f.companyName} a lu votre candidature au stage « ${f.offerTitle} » (${f.dates}).`,
  }),
  'application.accepted': (f) => ({
    subject: `Candidature acceptée : ${f.offerTitle}`,
    text: `Bonne nouvelle : ${f.companyName} accepte votre candidature au stage « ${f.offerTitle} » (${f.dates}). Confirmez ce stage dans Tremplin pour que la convention soit préparée.`,
  }),
  'application.rejected': (f) => ({
    subject: `Réponse à votre candidature : ${f.offerTitle}`,
    text: `${f.companyName} ne peut pas vous accueillir pour le stage « ${f.offerTitle} » (${f.dates}).${f.reason ? ` Raison donnée : ${f.reason}` : ''} Continuez vos recherches : d'autres offres vous attendent.`,
  }),
  'application.withdrawn': (f) => ({
    subject: `Candidature retirée : ${f.offerTitle}`,
    text: `${f.studentName} a retiré sa candidature à votre offre « ${f.offerTitle} » (${f.dates}).`,
  }),
  'application.superseded': (f) => ({
    subject: `Candidature retirée : ${f.offerTitle}`,
    text: `${f.studentName} a confirmé un autre stage sur ces dates : sa candidature à votre offre « ${f.offerTitle} » (${f.dates}) est retirée.`,
  }),
  'application.confirmed': (f) => ({
    subject: `Stage confirmé : ${f.offerTitle}`,
    text: `${f.studentName} confirme son stage « ${f.offerTitle} » (${f.dates}). La convention de stage est en préparation dans Tremplin.`,
  }),
  'application.expired': (f) => ({
    subject: `Candidature expirée : ${f.offerTitle}`,
    text: `${f.companyName} n'a pas répondu à votre candidature au stage « ${f.offerTitle} » (${f.dates}) en 15 jours : elle a expiré. Vous pouvez postuler à d'autres offres.`,
  }),
  'application.expired_host': (f) => ({
    subject: `Candidature expirée : ${f.offerTitle}`,
    text: `La candidature de ${f.studentName} à votre offre « ${f.offerTitle} » (${f.dates}) a expiré : elle est restée 15 jours sans réponse.`,
  }),
  'application.reminder': (f) => ({
    subject: `Rappel : une candidature attend votre réponse`,
    text: `La candidature de ${f.studentName} à votre offre « ${f.offerTitle} » (${f.dates}) attend votre réponse depuis ${f.days} jours. Sans réponse, elle expirera 15 jours après son envoi.`,
  }),
};

const en: Record<NoticeKind, Words> = {
  'application.submitted': (f) => ({
    subject: `New application: ${f.offerTitle}`,
    text: `${f.studentName} applied to your internship offer "${f.offerTitle}" (${f.dates}). Please answer within 15 days: without an answer, the application expires.`,
  }),
  'application.read': (f) => ({
    subject: `Your application was read: ${f.offerTitle}`,
    text: `${f.companyName} read your application to the internship "${f.offerTitle}" (${f.dates}).`,
  }),
  'application.accepted': (f) => ({
    subject: `Application accepted: ${f.offerTitle}`,
    text: `Good news: ${f.companyName} accepts your application to the internship "${f.offerTitle}" (${f.dates}). Confirm it in Tremplin so that the agreement can be prepared.`,
  }),
  'application.rejected': (f) => ({
    subject: `Answer to your application: ${f.offerTitle}`,
    text: `${f.companyName} cannot host you for the internship "${f.offerTitle}" (${f.dates}).${f.reason ? ` Reason given: ${f.reason}` : ''} Keep looking: other offers are waiting for you.`,
  }),
  'application.withdrawn': (f) => ({
    subject: `Application withdrawn: ${f.offerTitle}`,
    text: `${f.studentName} withdrew their application to your offer "${f.offerTitle}" (${f.dates}).`,
  }),
  'application.superseded': (f) => ({
    subject: `Application withdrawn: ${f.offerTitle}`,
    text: `${f.studentName} confirmed another internship on these dates: their application to your offer "${f.offerTitle}" (${f.dates}) is withdrawn.`,
  }),
  'application.confirmed': (f) => ({
    subject: `Internship confirmed: ${f.offerTitle}`,
    text: `${f.studentName} confirms the internship "${f.offerTitle}" (${f.dates}). The internship agreement is being prepared in Tremplin.`,
  }),
  'application.expired': (f) => ({
    subject: `Application expired: ${f.offerTitle}`,
    text: `${f.companyName} did not answer your application to the internship "${f.offerTitle}" (${f.dates}) within 15 days: it has expired. You can apply to other offers.`,
  }),
  'application.expired_host': (f) => ({
    subject: `Application expired: ${f.offerTitle}`,
    text: `The application of ${f.studentName} to your offer "${f.offerTitle}" (${f.dates}) has expired: it went 15 days without an answer.`,
  }),
  'application.reminder': (f) => ({
    subject: `Reminder: an application is waiting for your answer`,
    text: `The application of ${f.studentName} to your offer "${f.offerTitle}" (${f.dates}) has been waiting for your answer for ${f.days} days. Without an answer, it expires 15 days after it was sent.`,
  }),
};

/** Notifies each recipient in the app, and by e-mail when they have an address. */
export async function tell(
  tx: Executor,
  recipients: Recipient[],
  kind: NoticeKind,
  facts: NoticeFacts,
  options: { webUrl: string },
) {
  if (recipients.length === 0) return;
  const link = linkOf(kind, facts.applicationId);
  const data: Record<string, string | number> = {
    applicationId: facts.applicationId,
    offerTitle: facts.offerTitle,
    companyName: facts.companyName,
    studentName: facts.studentName,
    startDate: facts.startDate,
    endDate: facts.endDate,
  };
  if (facts.reason) data.reason = facts.reason;
  if (facts.days !== undefined) data.days = facts.days;
  await notify(
    tx,
    recipients.map((r) => ({ userId: r.userId, kind, data, link })),
  );
  for (const r of recipients) {
    if (!r.email) continue;
    const english = r.locale === 'en';
    const dates = english
      ? `${facts.startDate} to ${facts.endDate}`
      : `du ${frenchDate(facts.startDate)} au ${frenchDate(facts.endDate)}`;
    const words = (english ? en : fr)[kind]({ ...facts, dates });
    const url = `${options.webUrl.replace(/\/$/, '')}${link}`;
    await queueMail(tx, {
      to: r.email,
      subject: `Tremplin – ${words.subject}`,
      text: `${english ? 'Hello' : 'Bonjour'} ${r.name},\n\n${words.text}\n\n${english ? 'See it in Tremplin:' : 'Voir dans Tremplin :'} ${url}\n\n${english ? 'The Tremplin team' : "L'équipe Tremplin"}`,
    });
  }
}
