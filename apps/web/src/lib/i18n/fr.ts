// Every French message, one file per domain in messages/. Only the page's language is
// sent to the browser (the root layout imports this file or its twin on demand).
import { fr as common } from './messages/fr/common';
import { fr as applications } from './messages/fr/applications';
import { fr as offers } from './messages/fr/offers';
import { fr as agreements } from './messages/fr/agreements';
import { fr as classes } from './messages/fr/classes';
import { fr as challenges } from './messages/fr/challenges';
import { fr as mentoring } from './messages/fr/mentoring';
import { fr as ambassadors } from './messages/fr/ambassadors';
import { fr as campaigns } from './messages/fr/campaigns';
import { fr as passport } from './messages/fr/passport';
import { fr as observatory } from './messages/fr/observatory';
import { fr as trust } from './messages/fr/trust';

export const messages = {
  ...common,
  ...applications,
  ...offers,
  ...agreements,
  ...classes,
  ...challenges,
  ...mentoring,
  ...ambassadors,
  ...campaigns,
  ...passport,
  ...observatory,
  ...trust,
};

export type FrenchMessages = typeof messages;
