// Messages of applications (apply, my applications, the employer's inbox) and of the
// notifications page. A notification of kind K is worded by the key `notification.K`, filled with
// its data; other domains add their own `notification.*` keys in their files.
export const fr = {
  'nav.myApplications': 'Mes candidatures',
  'nav.inbox': 'Candidatures reçues',
  'nav.notifications': 'Notifications',

  'application.status.submitted': 'Envoyée',
  'application.status.read': 'Lue',
  'application.status.accepted': 'Acceptée',
  'application.status.confirmed': 'Stage confirmé',
  'application.status.rejected': 'Refusée',
  'application.status.withdrawn': 'Retirée',
  'application.status.expired': 'Expirée',
  'application.by.student': "par l'élève",
  'application.by.host': "par l'entreprise",
  'application.by.platform': 'par Tremplin',
  'application.history': 'Historique',
  'application.period': 'Du {start} au {end}',
  'application.reason': "Raison donnée par l'entreprise : {reason}",

  'apply.title': 'Postuler : {title}',
  'apply.host': '{company}, {commune}',
  'apply.period': 'Période de stage',
  'apply.periodHint': 'Choisissez les dates qui vous conviennent.',
  'apply.seatsLeft': '{count} place(s) disponible(s) pour vous',
  'apply.block.started': 'Période déjà commencée',
  'apply.block.full': 'Complète',
  'apply.block.reserved':
    'Places restantes réservées aux élèves des établissements REP et REP+ (ouvertes à tous le {date})',
  'apply.block.campaign': "Places attribuées par une campagne d'affectation",
  'apply.block.confirmed_elsewhere': 'Vous avez déjà un stage confirmé qui empêche celui-ci',
  'apply.block.rejected_before': "L'entreprise a déjà refusé votre candidature pour ces dates",
  'apply.already': 'Vous avez déjà postulé ({status}).',
  'apply.seeMine': 'Voir mes candidatures',
  'apply.motivation': "Quelques mots pour l'entreprise (facultatif)",
  'apply.motivationHint':
    "Pourquoi ce stage vous intéresse, ce que vous aimeriez découvrir. 2 000 caractères au plus. Ne donnez ni téléphone ni adresse : l'entreprise vous répond dans Tremplin.",
  'apply.submit': 'Envoyer ma candidature',
  'apply.sending': 'Envoi en cours…',
  'apply.refusal.level':
    "Cette offre s'adresse aux élèves de {levels} : elle n'est pas ouverte à votre niveau.",
  'apply.refusal.not_student':
    'Pour postuler, votre compte doit être rattaché à votre classe par votre établissement. Parlez-en à votre professeur.',
  'apply.refusal.closed': "Cette offre n'accepte plus de candidatures.",
  'apply.noPeriod':
    "Aucune période de cette offre n'est ouverte à votre candidature pour le moment.",
  'apply.back': "Retour à l'offre",
  'apply.choosePeriod': 'Choisissez une période.',

  'applications.title': 'Mes candidatures',
  'applications.sent':
    "Votre candidature est envoyée. L'entreprise a 15 jours pour vous répondre : vous serez prévenu ici.",
  'applications.empty': "Vous n'avez pas encore postulé.",
  'applications.findOffers': 'Chercher un stage',
  'applications.withdraw': 'Retirer ma candidature',
  'applications.withdrawLabel': 'Retirer ma candidature : {title}',
  'applications.withdrawCheck': 'Je confirme le retrait de cette candidature.',
  'applications.withdrawCheckMissing': 'Cochez la case pour confirmer le retrait.',
  'applications.confirm': 'Confirmer ce stage',
  'applications.confirmLabel': 'Confirmer ce stage : {title}',
  'applications.confirmCheck':
    'Je confirme ce stage : mes autres candidatures sur les mêmes dates seront retirées.',
  'applications.confirmCheckMissing': 'Cochez la case pour confirmer ce stage.',
  'applications.confirmHint':
    "L'entreprise a accepté ! En confirmant, vous choisissez ce stage : vos autres candidatures sur les mêmes dates sont retirées et la convention de stage est préparée.",
  'applications.confirmed': 'Stage confirmé. La convention de stage est en préparation.',
  'applications.confirmedWithdrawn':
    'Stage confirmé. La convention de stage est en préparation. {count} autre(s) candidature(s) sur les mêmes dates ont été retirée(s).',
  'applications.withdrawn': 'Candidature retirée. L’entreprise est prévenue.',
  'applications.agreement': 'Convention de stage en préparation',
  'applications.motivation': 'Votre message',
  'applications.sentOn': 'Envoyée le {date}',
  'applications.count': '{count} candidature(s)',

  'inbox.title': 'Candidatures reçues',
  'inbox.filters': 'Filtrer les candidatures',
  'inbox.offer': 'Offre',
  'inbox.allOffers': 'Toutes les offres',
  'inbox.offerOption': '{title} ({pending} à traiter sur {total})',
  'inbox.state': 'État',
  'inbox.allStates': 'Tous les états',
  'inbox.pending': 'À traiter (envoyées ou lues)',
  'inbox.filter': 'Afficher',
  'inbox.count': '{count} candidature(s)',
  'inbox.empty': 'Aucune candidature pour ces critères.',
  'inbox.select': 'Sélectionner la candidature de {name}',
  'inbox.bulkTitle': 'Répondre à plusieurs candidatures',
  'inbox.bulkHint':
    "Cochez des candidatures, puis acceptez-les ou refusez-les ensemble. Chacune est vérifiée : le nombre de places d'une période n'est jamais dépassé.",
  'inbox.reason': "Raison du refus (montrée à l'élève)",
  'inbox.reasonHint': "Obligatoire pour refuser. L'élève lira ce message : restez bienveillant.",
  'inbox.acceptSelected': 'Accepter la sélection',
  'inbox.rejectSelected': 'Refuser la sélection',
  'inbox.decisionCheck': 'Je confirme ma décision pour les candidatures cochées.',
  'inbox.decisionCheckMissing': 'Cochez la case pour confirmer votre décision.',
  'inbox.noneSelected': 'Cochez au moins une candidature.',
  'inbox.bulkDone': '{done} candidature(s) traitée(s).',
  'inbox.bulkRefused': "{refused} n'ont pas pu l'être :",
  'inbox.bulkRefusedItem': '{name} : {message}',
  'inbox.receivedOn': 'Reçue le {date}',
  'inbox.open': 'Candidature de {name}',
  'inbox.previous': 'Page précédente',
  'inbox.next': 'Page suivante',
  'inbox.page': 'Page {page} sur {pages}',
  'inbox.noSchool': 'Établissement non renseigné',

  'inbox.detail.title': 'Candidature de {name}',
  'inbox.detail.back': 'Retour aux candidatures reçues',
  'inbox.detail.pupil': 'Élève',
  'inbox.detail.stage': 'Stage',
  'inbox.detail.motivation': "Message de l'élève",
  'inbox.detail.noMotivation': "L'élève n'a pas écrit de message.",
  'inbox.detail.answer': 'Votre réponse',
  'inbox.detail.accept': 'Accepter la candidature',
  'inbox.detail.reject': 'Refuser la candidature',
  'inbox.detail.accepted':
    "Candidature acceptée. L'élève est prévenu et doit maintenant confirmer le stage.",
  'inbox.detail.rejected': "Candidature refusée. L'élève est prévenu, avec votre raison.",
  'inbox.detail.expires': 'Sans réponse, elle expirera le {date}.',
  'inbox.detail.agreement': "L'élève a confirmé : la convention de stage est en préparation.",
  'inbox.detail.seeAgreement': 'Voir la convention',

  'notifications.title': 'Notifications',
  'notifications.empty': "Vous n'avez aucune notification.",
  'notifications.unread': '{count} non lue(s)',
  'notifications.readAll': 'Tout marquer comme lu',
  'notifications.markRead': 'Marquer comme lue',
  'notifications.markReadLabel': 'Marquer comme lue : {text}',
  'notifications.open': 'Voir',
  'notifications.openLabel': 'Voir : {text}',
  'notifications.new': 'Nouveau',
  'notifications.allRead': 'Toutes vos notifications sont marquées comme lues.',
  'notifications.oneRead': 'Notification marquée comme lue.',
  'notifications.generic': 'Nouvelle notification',
  'notification.application.submitted':
    '{studentName} a postulé à votre offre « {offerTitle} » ({startDate} – {endDate}).',
  'notification.application.read':
    '{companyName} a lu votre candidature au stage « {offerTitle} ».',
  'notification.application.accepted':
    '{companyName} accepte votre candidature au stage « {offerTitle} » ({startDate} – {endDate}) : confirmez-le !',
  'notification.application.rejected':
    '{companyName} ne peut pas vous accueillir pour le stage « {offerTitle} ». Raison : {reason}',
  'notification.application.withdrawn':
    '{studentName} a retiré sa candidature à votre offre « {offerTitle} ».',
  'notification.application.superseded':
    '{studentName} a confirmé un autre stage sur ces dates : sa candidature à « {offerTitle} » est retirée.',
  'notification.application.confirmed':
    '{studentName} confirme son stage « {offerTitle} » ({startDate} – {endDate}). La convention est en préparation.',
  'notification.application.expired':
    "{companyName} n'a pas répondu en 15 jours : votre candidature au stage « {offerTitle} » a expiré.",
  'notification.application.expired_host':
    'La candidature de {studentName} à « {offerTitle} » a expiré : 15 jours sans réponse.',
  'notification.application.reminder':
    'La candidature de {studentName} à « {offerTitle} » attend votre réponse depuis {days} jours.',
} as const;
