// English messages of agreements: every French key is here (the type says so).
import type { fr } from '../fr/agreements';

export const en: Record<keyof typeof fr, string> = {
  'nav.agreements': 'Agreements',

  'agreement.status.signing': 'Being signed',
  'agreement.status.signed': 'Signed',
  'agreement.status.completed': 'Internship done',
  'agreement.status.cancelled': 'Cancelled',
  'agreement.party.host': 'The host company',
  'agreement.party.school': 'The head of school',
  'agreement.party.pupil': 'The pupil',
  'agreement.party.guardian': 'The legal guardian',
  'agreement.dates': 'From {start} to {end}',
  'agreement.signedCount': '{count} of 4 signatures',
  'agreement.day.1': 'Monday',
  'agreement.day.2': 'Tuesday',
  'agreement.day.3': 'Wednesday',
  'agreement.day.4': 'Thursday',
  'agreement.day.5': 'Friday',
  'agreement.day.6': 'Saturday',
  'agreement.day.7': 'Sunday',
  'agreement.hours': '{start} – {end}',
  'agreement.hoursBreaks': '{start} – {end}, break {breaks}',

  'agreements.title': 'My internship agreements',
  'agreements.intro':
    'The internship agreement is signed by the company, the head of school, the pupil and their legal guardian. It is prepared as soon as an internship is confirmed.',
  'agreements.filter': 'Show',
  'agreements.filterAll': 'All agreements',
  'agreements.filterSubmit': 'Filter',
  'agreements.empty': 'No agreement yet.',
  'agreements.emptyPupil':
    'No agreement yet: it will appear here as soon as you have confirmed an internship.',
  'agreements.awaitingMe': 'To do',
  'agreements.scanned': 'Paper copy',
  'agreements.open': "Open {name}'s agreement",
  'agreements.previous': 'Previous page',
  'agreements.next': 'Next page',
  'agreements.pageOf': 'Page {page} of {pages}',

  'agreement.title': "{name}'s internship agreement",
  'agreement.back': 'Back to the agreements',
  'agreement.reference': 'Reference {reference}',
  'agreement.downloadPdf': 'Download the agreement (PDF)',
  'agreement.pdfSameContent': 'Everything the PDF says is on this page too.',
  'agreement.signatureNote':
    'Each party signs in Tremplin (simple electronic signature: the date, time and origin of each signature are kept). The legal guardian signs through a personal single-use link.',
  'agreement.conditions': 'Conditions of the observation stage (in French, as in the agreement)',
  'agreement.weekTotal': 'Total for the week',
  'agreement.presence': '{duration} present',
  'agreement.representedByHead': 'Represented by its head',
  'agreement.duration': '{hours} h',
  'agreement.durationMinutes': '{hours} h {minutes} min',
  'agreement.todo': 'What is left to do',
  'agreement.todo.sign': 'Sign the agreement, as: {party}.',
  'agreement.todo.waiting': 'Waiting for signatures from: {parties}.',
  'agreement.todo.signed':
    'The agreement is signed. After the internship, the tutor confirms attendance and the pupil gives feedback.',
  'agreement.todo.afterStage': 'The internship is over: {what}.',
  'agreement.todo.attendance': "confirm the pupil's attendance",
  'agreement.todo.feedback': 'give your feedback on the internship',
  'agreement.todo.completed':
    "The internship is over and is recorded in the pupil's skills passport.",
  'agreement.todo.cancelled': 'This agreement is cancelled.',

  'agreement.parties': 'The parties',
  'agreement.school': 'School',
  'agreement.company': 'Host company',
  'agreement.pupil': 'Pupil',
  'agreement.guardian': 'Legal guardian',
  'agreement.guardianUnknown': 'not given',
  'agreement.bornOn': 'born on {date}',
  'agreement.uai': 'UAI {uai}',
  'agreement.siret': 'SIRET {siret}',

  'agreement.teaching': 'Teaching annex',
  'agreement.stage': 'Internship',
  'agreement.period': 'Dates',
  'agreement.tutor': 'Tutor',
  'agreement.referentTeacher': 'Referent teacher',
  'agreement.referentUnknown': 'to be named',
  'agreement.dailyHours': 'Daily hours',
  'agreement.objectives': 'Objectives',
  'agreement.practical': 'Practical annex',
  'agreement.meals': 'Meals',
  'agreement.travel': 'Travel',
  'agreement.insurance': 'Insurance',
  'agreement.editAnnexes': 'Edit the annexes',
  'agreement.editWarning':
    'Editing the annexes after a signature clears the signatures already given: everyone will sign the new version.',

  'agreement.signatures': 'Signatures',
  'agreement.signedBy': 'Signed by {name} on {date}',
  'agreement.notSigned': 'Waiting for signature',
  'agreement.byScan': 'Signature on the uploaded paper copy',
  'agreement.signTitle': 'Sign as: {party}',
  'agreement.signMeaning':
    'By signing, you accept the agreement as shown on this page and in the PDF: the dates, the hours, the annexes and the terms of an observation internship (no production work, no pay, no machine or product forbidden to minors). Your name, the date, the time and your connection address will be recorded. A signature cannot be withdrawn.',
  'agreement.consent': 'I have read the agreement and its annexes, and I accept it.',
  'agreement.consentMissing': 'Tick the box to confirm that you have read the agreement.',
  'agreement.sign': 'Sign the agreement',
  'agreement.signedDone': 'Your signature is recorded.',
  'agreement.allSigned': 'The agreement is signed by all four parties.',

  'agreement.guardianLink': "The legal guardian's signature",
  'agreement.guardianLinkIntro':
    'The legal guardian signs without an account, through a personal link sent by e-mail. The link works once and expires after 14 days; sending a new one disables the previous one.',
  'agreement.guardianNoEmail':
    "No e-mail address is known for the legal guardian: the school must add it to the pupil's record.",
  'agreement.linkState.active': 'Link sent to {to} on {sent}, valid until {expires}.',
  'agreement.linkState.used': 'The legal guardian signed with the link sent to {to}.',
  'agreement.linkState.expired': 'The link sent to {to} on {sent} has expired.',
  'agreement.linkState.replaced': 'The link sent to {to} was replaced.',
  'agreement.sendLink': 'Send the signing link',
  'agreement.resendLink': 'Send a new link',
  'agreement.linkSent': 'The signing link was sent to {to}.',
  'agreement.guardianMails': 'See the e-mails sent to the legal guardian',

  'agreement.scan': 'Copy signed on paper',
  'agreement.scanIntro':
    'If the head of school has no Tremplin account, print the agreement, have it signed on paper, then upload it here (PDF, JPEG or PNG, 10 MB at most). It stands for the missing signatures and the agreement becomes signed.',
  'agreement.scanFile': 'Scanned file',
  'agreement.scanHint': 'PDF, JPEG or PNG, 10 MB at most.',
  'agreement.scanSure':
    'I confirm this file is the agreement signed by every party: it will be signed in Tremplin, for good.',
  'agreement.scanSureMissing': 'Tick the box to confirm the upload of the signed agreement.',
  'agreement.scanUpload': 'Upload the signed copy',
  'agreement.scanNoFile': 'Choose the scanned file of the signed agreement.',
  'agreement.scanTooLarge': 'The file is over 10 MB: scan it at a lower resolution.',
  'agreement.scanUploaded': 'The signed copy is uploaded: the agreement is signed.',
  'agreement.scanInfo': 'Uploaded on {date} by {name}.',
  'agreement.scanDownload': 'Download the signed copy',

  'agreement.after': 'After the internship',
  'agreement.afterOpens':
    'From {date}, the tutor confirms attendance and the pupil gives feedback.',
  'agreement.attendance': "Attendance and the tutor's appraisal",
  'agreement.attendanceDone': 'Attendance confirmed on {date}.',
  'agreement.attendanceWaiting': 'The tutor has not confirmed attendance yet.',
  'agreement.appraisal': "Tutor's appraisal",
  'agreement.appraisalHint':
    "A few sentences on the pupil's attitude and curiosity (at least 10 characters). They will appear in their skills passport.",
  'agreement.confirmAttendance': "Confirm the pupil's attendance",
  'agreement.attendanceSaved': 'Attendance is confirmed. Thank you for your appraisal.',
  'agreement.feedback': "The pupil's feedback",
  'agreement.feedbackWaiting': 'The pupil has not given feedback yet.',
  'agreement.feedbackLabel': 'Your feedback on the internship',
  'agreement.feedbackHint': 'What you discovered, liked or disliked (at least 10 characters).',
  'agreement.giveFeedback': 'Send my feedback',
  'agreement.feedbackSaved': 'Thank you, your feedback is recorded.',

  'annexes.title': 'Edit the annexes — {name}',
  'annexes.intro':
    'The annexes are prefilled from the offer and the class. Hours are checked against the rules for minors: at most 7 h a day and 35 h a week, nothing before 6:00 or after 20:00, a 30-minute break once 4 h 30 is reached.',
  'annexes.warning':
    'Already signed by: {parties}. Saving these changes clears those signatures and everyone signs again.',
  'annexes.clearSignatures': 'I understand that the signatures already given will be cleared.',
  'annexes.teaching': 'Teaching annex',
  'annexes.practical': 'Practical annex',
  'annexes.startDate': 'First day of the internship',
  'annexes.endDate': 'Last day of the internship',
  'annexes.tutorName': "Tutor's name",
  'annexes.tutorRole': "Tutor's position",
  'annexes.referentTeacherName': 'Referent teacher',
  'annexes.objectives': 'Objectives of the internship',
  'annexes.hours': 'Daily hours',
  'annexes.hoursHint':
    'Tick the days of presence and give the arrival and leaving times, and the (lunch) break.',
  'annexes.worked': 'Day of presence',
  'annexes.start': 'Arrival',
  'annexes.end': 'Leaving',
  'annexes.breakStart': 'Break starts',
  'annexes.breakEnd': 'Break ends',
  'annexes.meals': 'Meals',
  'annexes.travel': 'Travel',
  'annexes.insurance': 'Insurance',
  'annexes.save': 'Save the annexes',
  'annexes.cancel': 'Cancel',
  'annexes.saved': 'The annexes are saved.',
  'annexes.noDay': 'Tick at least one day of presence.',

  'guardianSign.title': 'Signing the internship agreement',
  'guardianSign.intro':
    "Hello{name}. Here is {pupil}'s internship agreement. Read it, then sign it at the bottom of the page. You do not need an account.",
  'guardianSign.download': 'Download the full agreement (PDF)',
  'guardianSign.summary': 'The internship in short',
  'guardianSign.where': 'Place',
  'guardianSign.conditions': 'Terms of an observation internship',
  'guardianSign.condition1':
    'Your child observes: they do no production work and replace no employee.',
  'guardianSign.condition2': 'They receive no pay.',
  'guardianSign.condition3': 'They use no machine and no product forbidden to minors.',
  'guardianSign.condition4':
    'They remain a pupil under the school; the school and the company are insured.',
  'guardianSign.signTitle': 'Sign',
  'guardianSign.meaning':
    'By signing, you accept the agreement above as the legal guardian. Your name, the date, the time and your connection address will be recorded. This link will not work afterwards.',
  'guardianSign.name': 'Your first name and last name',
  'guardianSign.consent':
    "I am this pupil's legal guardian, I have read the agreement and I accept it.",
  'guardianSign.submit': 'Sign the agreement',
  'guardianSign.done':
    'Thank you, your signature is recorded. You will receive the agreement by e-mail once all parties have signed it.',
  'guardianSign.used':
    'This link has already been used: the agreement was signed with it. Each link works only once.',
  'guardianSign.expired':
    'This link expired on {date}. Ask the school or your child for a new link.',
  'guardianSign.replaced': 'A more recent link was sent to you: use the one in the latest e-mail.',
  'guardianSign.invalid':
    'This signing link is not valid. Check that it is complete, or ask the school for a new link.',
  'guardianSign.alreadySigned': 'All parties have already signed this agreement.',

  'mails.title': 'E-mails to the legal guardian — {name}',
  'mails.intro':
    "For support: the e-mails sent to the legal guardian's address since the agreement was created. Each reading is recorded in the audit log.",
  'mails.empty': 'No e-mail sent.',
  'mails.to': 'To',
  'mails.createdAt': 'Created on',
  'mails.status': 'State',
  'mails.sent': 'Sent on {date}',
  'mails.pending': 'Waiting to be sent',
  'mails.failed': 'Failed ({attempts} attempts): {error}',

  'notification.agreement.created':
    'Internship agreement of {pupilName} for "{offerTitle}" (from {startDate}): to read and sign.',
  'notification.agreement.signed':
    'Agreement {reference} ({pupilName}, {companyName}) is signed by all parties.',
  'notification.agreement.signaturesCleared':
    'Agreement {reference} ({pupilName}) was changed: your signature is cleared, sign the new version.',
  'notification.agreement.completed':
    "{pupilName}'s internship at {companyName} is over: it is recorded in the skills passport.",
  'notification.agreement.attendanceDue':
    "{pupilName}'s internship is over: confirm their attendance and leave a short appraisal.",
  'notification.agreement.feedbackDue':
    'Your internship at {companyName} is over: tell us how it went.',
};
