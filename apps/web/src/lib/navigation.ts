// The navigation for the roles a person holds: each role brings its own entries.
import type { Role } from '@tremplin/contracts';
import type { MessageKey } from './i18n';

export interface NavItem {
  href: string;
  label: MessageKey;
  roles?: Role[];
}

export const navigation: NavItem[] = [
  { href: '/metiers', label: 'nav.trades' },
  {
    href: '/offres',
    label: 'nav.searchOffers',
    roles: ['student', 'teacher', 'school_admin', 'operator'],
  },
  { href: '/entreprise/offres', label: 'nav.myOffers', roles: ['employer'] },
  {
    href: '/organisation',
    label: 'nav.organisation',
    roles: ['teacher', 'school_admin', 'employer', 'mentor', 'ambassador', 'operator'],
  },
  { href: '/candidatures', label: 'nav.myApplications', roles: ['student'] },
  {
    href: '/campagnes',
    label: 'nav.campaigns',
    roles: ['student', 'school_admin', 'operator'],
  },
  { href: '/classes', label: 'nav.classes', roles: ['teacher', 'school_admin'] },
  { href: '/eleve/profil', label: 'nav.pupilProfile', roles: ['student'] },
  { href: '/entreprise/candidatures', label: 'nav.inbox', roles: ['employer'] },
  {
    href: '/conventions',
    label: 'nav.agreements',
    roles: ['student', 'teacher', 'school_admin', 'employer', 'operator'],
  },
  {
    href: '/challenges',
    label: 'nav.challenges',
    roles: ['student', 'teacher', 'school_admin', 'employer', 'operator'],
  },
  { href: '/modules', label: 'nav.modules', roles: ['teacher', 'school_admin', 'student'] },
  {
    href: '/ambassadeurs/annuaire',
    label: 'nav.ambassadors',
    roles: ['teacher', 'school_admin', 'operator'],
  },
  {
    href: '/ambassadeurs/visites',
    label: 'nav.visits',
    roles: ['teacher', 'school_admin', 'ambassador'],
  },
  { href: '/ambassadeurs/profil', label: 'nav.ambassadorProfile', roles: ['ambassador'] },
  {
    href: '/ambassadeurs/verification',
    label: 'nav.ambassadorVerification',
    roles: ['employer', 'operator'],
  },
  {
    href: '/mentorat',
    label: 'nav.mentoring',
    roles: ['student', 'mentor', 'teacher', 'school_admin', 'operator'],
  },
  { href: '/passeport', label: 'nav.passport', roles: ['student', 'teacher', 'school_admin'] },
  {
    href: '/observatoire',
    label: 'nav.observatory',
    roles: ['operator', 'school_admin', 'employer'],
  },
  { href: '/entreprise/bilan', label: 'nav.impactReport', roles: ['employer'] },
  { href: '/operateur/etablissements', label: 'nav.schoolImport', roles: ['operator'] },
  { href: '/operateur/personnes', label: 'nav.people', roles: ['operator'] },
  { href: '/operateur/moderation', label: 'nav.moderation', roles: ['operator'] },
  { href: '/operateur/journal', label: 'nav.auditLog', roles: ['operator'] },
];

export function navFor(roles: Role[] | undefined): NavItem[] {
  return navigation.filter((item) => !item.roles || item.roles.some((r) => roles?.includes(r)));
}
