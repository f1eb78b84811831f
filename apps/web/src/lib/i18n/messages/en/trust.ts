// English messages of trust: every French key is here (the type says so).
import type { fr } from '../fr/trust';

export const en: Record<keyof typeof fr, string> = {
  'nav.auditLog': 'Audit log',

  'myData.title': 'My personal data',
  'myData.link': 'My personal data: download it or delete my account',
  'myData.intro':
    'Tremplin keeps as little data about you as it can, and only what internships, mentoring, visits and challenges need. You can download it at any time and delete your account.',
  'myData.keepTitle': 'How long we keep it',
  'myData.keepPupil':
    'One year after your last activity (signing in, an application, an agreement), your name, date of birth, legal guardian and what you wrote are erased.',
  'myData.keepProfessional':
    'Two years after your last activity, your name, e-mail address, profiles and what you wrote are erased.',
  'myData.keepStatistics':
    'What remains can no longer identify you: figures (how many internships, in which school, in which trade) that help the département share the places better.',
  'myData.exportTitle': 'Download my data',
  'myData.exportText':
    'A JSON file with everything Tremplin keeps about you: account, applications, agreements, passport, mentoring, visits, challenges, notifications. Uploaded files (scanned agreement, challenge work) are downloaded from their own page.',
  'myData.exportButton': 'Download my data (JSON)',
  'myData.deleteTitle': 'Delete my account',
  'myData.deleteText':
    'Your name, e-mail address, password and what you wrote are erased at once. Your pending applications are withdrawn and your mentoring ends. This cannot be undone.',
  'myData.deleteWhileAgreement':
    'While an internship agreement is under way (being signed, or the internship not over yet), the account cannot be deleted: the school and the company need it.',
  'myData.password': 'My current password',
  'myData.passwordHint': 'To be sure it is really you.',
  'myData.confirm': 'I understand that my account and my data will be deleted for good.',
  'myData.confirmMissing': 'Tick the box to confirm the deletion.',
  'myData.deleteButton': 'Delete my account for good',
  'myData.deletedTitle': 'Account deleted',
  'myData.deletedText':
    'Your Tremplin account is deleted and your personal data erased. Thank you for using Tremplin.',
  'myData.home': 'Back to the home page',

  'audit.title': 'Audit log',
  'audit.intro':
    'Sensitive actions, newest first: agreements and signatures, allocation campaigns, roles, data exports and deletions. The log can be neither changed nor erased.',
  'audit.filters': 'Filter the log',
  'audit.family': 'Kind of action',
  'audit.allFamilies': 'All actions',
  'audit.subjectType': 'On what (agreement, user, campaign…)',
  'audit.from': 'From',
  'audit.to': 'To',
  'audit.apply': 'Filter',
  'audit.reset': 'Show everything',
  'audit.count': '{count} entry(ies)',
  'audit.empty': 'No entry matches these filters.',
  'audit.by': 'By',
  'audit.platform': 'the platform (scheduled job)',
  'audit.anonymised': 'anonymised account',
  'audit.subject': 'On',
  'audit.details': 'Details',
  'audit.pages': 'Pages of the log',
  'audit.previous': 'Newer',
  'audit.next': 'Older',
  'audit.pageOf': 'Page {page} of {pages}',
  'audit.family.agreement': 'Agreements',
  'audit.family.campaign': 'Campaigns',
  'audit.family.role': 'Roles',
  'audit.family.privacy': 'Personal data',
  'audit.family.challenge': 'Challenges',
  'audit.family.mentoring': 'Mentoring',
  'audit.family.visit': 'Visits',
  'audit.family.visits': 'Visits (assignment)',
  'audit.family.user': 'Accounts',
  'audit.family.pupil': 'Pupils',
  'audit.family.pupils': 'Pupils (import)',
  'audit.family.class': 'Classes',
  'audit.family.module': 'Modules',
  'audit.family.offer': 'Offers',
  'audit.family.observatory': 'Observatory',
  'audit.family.impact': 'Yearly report',
  'audit.family.passport': 'Passport',
  'audit.family.schools': 'Schools',
  'audit.family.stage_week': 'Internship weeks',
  'audit.family.application': 'Applications',
  'audit.family.membership': 'Memberships',
};
