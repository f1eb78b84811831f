// Every English message, one file per domain in messages/. Only the page's language is
// sent to the browser (the root layout imports this file or its twin on demand).
import { en as common } from './messages/en/common';
import { en as applications } from './messages/en/applications';
import { en as offers } from './messages/en/offers';
import { en as agreements } from './messages/en/agreements';
import { en as classes } from './messages/en/classes';
import { en as challenges } from './messages/en/challenges';
import { en as mentoring } from './messages/en/mentoring';
import { en as ambassadors } from './messages/en/ambassadors';
import { en as campaigns } from './messages/en/campaigns';
import { en as passport } from './messages/en/passport';
import { en as observatory } from './messages/en/observatory';
import { en as trust } from './messages/en/trust';

import type { FrenchMessages } from './fr';

export const messages: Record<keyof FrenchMessages, string> = {
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
