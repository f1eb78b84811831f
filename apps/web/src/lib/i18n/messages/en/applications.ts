// English messages of applications: every French key is here (the type says so).
import type { fr } from '../fr/applications';

export const en: Record<keyof typeof fr, string> = {
  'nav.myApplications': 'My applications',
  'nav.inbox': 'Applications received',
  'nav.notifications': 'Notifications',

  'application.status.submitted': 'Sent',
  'application.status.read': 'Read',
  'application.status.accepted': 'Accepted',
  'application.status.confirmed': 'Internship confirmed',
  'application.status.rejected': 'Declined',
  'application.status.withdrawn': 'Withdrawn',
  'application.status.expired': 'Expired',
  'application.by.student': 'by the pupil',
  'application.by.host': 'by the company',
  'application.by.platform': 'by Tremplin',
  'application.history': 'History',
  'application.period': 'From {start} to {end}',
  'application.reason': 'Reason given by the company: {reason}',

  'apply.title': 'Apply: {title}',
  'apply.host': '{company}, {commune}',
  'apply.period': 'Internship period',
  'apply.periodHint': 'Choose the dates that suit you.',
  'apply.seatsLeft': '{count} seat(s) available for you',
  'apply.block.started': 'Period already started',
  'apply.block.full': 'Full',
  'apply.block.reserved':
    'Remaining seats reserved for pupils of REP and REP+ schools (open to all on {date})',
  'apply.block.campaign': 'Seats allocated by an allocation campaign',
  'apply.block.confirmed_elsewhere': 'You already confirmed an internship that rules this one out',
  'apply.block.rejected_before': 'The company already declined your application for these dates',
  'apply.already': 'You already applied ({status}).',
  'apply.seeMine': 'See my applications',
  'apply.motivation': 'A few words for the company (optional)',
  'apply.motivationHint':
    'Why this internship interests you, what you would like to discover. At most 2,000 characters. Give neither phone number nor address: the company answers you in Tremplin.',
  'apply.submit': 'Send my application',
  'apply.sending': 'Sending…',
  'apply.refusal.level': 'This offer is for pupils in {levels}: it is not open to your year.',
  'apply.refusal.not_student':
    'To apply, your account must be linked to your class by your school. Ask your teacher.',
  'apply.refusal.closed': 'This offer no longer takes applications.',
  'apply.noPeriod': 'No period of this offer is open to your application at the moment.',
  'apply.back': 'Back to the offer',
  'apply.choosePeriod': 'Choose a period.',

  'applications.title': 'My applications',
  'applications.sent':
    'Your application is sent. The company has 15 days to answer: you will be told here.',
  'applications.empty': 'You have not applied yet.',
  'applications.findOffers': 'Find an internship',
  'applications.withdraw': 'Withdraw my application',
  'applications.withdrawLabel': 'Withdraw my application: {title}',
  'applications.confirm': 'Confirm this internship',
  'applications.confirmLabel': 'Confirm this internship: {title}',
  'applications.confirmHint':
    'The company accepted! By confirming, you choose this internship: your other applications on the same dates are withdrawn and the internship agreement is prepared.',
  'applications.confirmed': 'Internship confirmed. The internship agreement is being prepared.',
  'applications.confirmedWithdrawn':
    'Internship confirmed. The internship agreement is being prepared. {count} other application(s) on the same dates were withdrawn.',
  'applications.withdrawn': 'Application withdrawn. The company has been told.',
  'applications.agreement': 'Internship agreement being prepared',
  'applications.motivation': 'Your message',
  'applications.sentOn': 'Sent on {date}',
  'applications.count': '{count} application(s)',

  'inbox.title': 'Applications received',
  'inbox.filters': 'Filter applications',
  'inbox.offer': 'Offer',
  'inbox.allOffers': 'All offers',
  'inbox.offerOption': '{title} ({pending} to answer out of {total})',
  'inbox.state': 'State',
  'inbox.allStates': 'All states',
  'inbox.pending': 'To answer (sent or read)',
  'inbox.filter': 'Show',
  'inbox.count': '{count} application(s)',
  'inbox.empty': 'No application matches.',
  'inbox.select': 'Select the application of {name}',
  'inbox.bulkTitle': 'Answer several applications',
  'inbox.bulkHint':
    'Tick applications, then accept or decline them together. Each one is checked: the seats of a period are never exceeded.',
  'inbox.reason': 'Reason for declining (shown to the pupil)',
  'inbox.reasonHint': 'Required to decline. The pupil will read it: be kind.',
  'inbox.acceptSelected': 'Accept the selection',
  'inbox.rejectSelected': 'Decline the selection',
  'inbox.noneSelected': 'Tick at least one application.',
  'inbox.bulkDone': '{done} application(s) answered.',
  'inbox.bulkRefused': '{refused} could not be:',
  'inbox.bulkRefusedItem': '{name}: {message}',
  'inbox.receivedOn': 'Received on {date}',
  'inbox.open': 'Application of {name}',
  'inbox.previous': 'Previous page',
  'inbox.next': 'Next page',
  'inbox.page': 'Page {page} of {pages}',
  'inbox.noSchool': 'School not given',

  'inbox.detail.title': 'Application of {name}',
  'inbox.detail.back': 'Back to applications received',
  'inbox.detail.pupil': 'Pupil',
  'inbox.detail.stage': 'Internship',
  'inbox.detail.motivation': "The pupil's message",
  'inbox.detail.noMotivation': 'The pupil wrote no message.',
  'inbox.detail.answer': 'Your answer',
  'inbox.detail.accept': 'Accept the application',
  'inbox.detail.reject': 'Decline the application',
  'inbox.detail.accepted':
    'Application accepted. The pupil has been told and must now confirm the internship.',
  'inbox.detail.rejected': 'Application declined. The pupil has been told, with your reason.',
  'inbox.detail.expires': 'Without an answer, it expires on {date}.',
  'inbox.detail.agreement': 'The pupil confirmed: the internship agreement is being prepared.',
  'inbox.detail.seeAgreement': 'See the agreement',

  'notifications.title': 'Notifications',
  'notifications.empty': 'You have no notifications.',
  'notifications.unread': '{count} unread',
  'notifications.readAll': 'Mark all as read',
  'notifications.markRead': 'Mark as read',
  'notifications.markReadLabel': 'Mark as read: {text}',
  'notifications.open': 'See',
  'notifications.openLabel': 'See: {text}',
  'notifications.new': 'New',
  'notifications.allRead': 'All your notifications are marked as read.',
  'notifications.oneRead': 'Notification marked as read.',
  'notifications.generic': 'New notification',
  'notification.application.submitted':
    '{studentName} applied to your offer "{offerTitle}" ({startDate} – {endDate}).',
  'notification.application.read':
    '{companyName} read your application to the internship "{offerTitle}".',
  'notification.application.accepted':
    '{companyName} accepts your application to the internship "{offerTitle}" ({startDate} – {endDate}): confirm it!',
  'notification.application.rejected':
    '{companyName} cannot host you for the internship "{offerTitle}". Reason: {reason}',
  'notification.application.withdrawn':
    '{studentName} withdrew their application to your offer "{offerTitle}".',
  'notification.application.superseded':
    '{studentName} confirmed another internship on these dates: their application to "{offerTitle}" is withdrawn.',
  'notification.application.confirmed':
    '{studentName} confirms the internship "{offerTitle}" ({startDate} – {endDate}). The agreement is being prepared.',
  'notification.application.expired':
    '{companyName} did not answer within 15 days: your application to the internship "{offerTitle}" has expired.',
  'notification.application.expired_host':
    'The application of {studentName} to "{offerTitle}" has expired: 15 days without an answer.',
  'notification.application.reminder':
    'The application of {studentName} to "{offerTitle}" has been waiting for your answer for {days} days.',
};
