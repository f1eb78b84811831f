// Messages of the agreements pages (conventions de stage): the list, the convention, its annexes,
// the signatures, the guardian's signing page, the scanned copy and after the stage.
export const fr = {
  'nav.agreements': 'Conventions',

  'agreement.status.signing': 'En cours de signature',
  'agreement.status.signed': 'Signée',
  'agreement.status.completed': 'Stage terminé',
  'agreement.status.cancelled': 'Annulée',
  'agreement.party.host': "L'entreprise d'accueil",
  'agreement.party.school': "Le chef d'établissement",
  'agreement.party.pupil': "L'élève",
  'agreement.party.guardian': 'Le représentant légal',
  'agreement.dates': 'Du {start} au {end}',
  'agreement.signedCount': '{count} signature(s) sur 4',
  'agreement.day.1': 'Lundi',
  'agreement.day.2': 'Mardi',
  'agreement.day.3': 'Mercredi',
  'agreement.day.4': 'Jeudi',
  'agreement.day.5': 'Vendredi',
  'agreement.day.6': 'Samedi',
  'agreement.day.7': 'Dimanche',
  'agreement.hours': '{start} – {end}',
  'agreement.hoursBreaks': '{start} – {end}, pause {breaks}',

  'agreements.title': 'Mes conventions de stage',
  'agreements.intro':
    "La convention de stage est signée par l'entreprise, le chef d'établissement, l'élève et son représentant légal. Elle est préparée dès qu'un stage est confirmé.",
  'agreements.filter': 'Afficher',
  'agreements.filterAll': 'Toutes les conventions',
  'agreements.filterSubmit': 'Filtrer',
  'agreements.empty': 'Aucune convention pour le moment.',
  'agreements.emptyPupil':
    'Aucune convention pour le moment : elle apparaîtra ici dès que tu auras confirmé un stage.',
  'agreements.awaitingMe': 'À faire',
  'agreements.scanned': 'Exemplaire papier',
  'agreements.open': 'Ouvrir la convention de {name}',
  'agreements.previous': 'Page précédente',
  'agreements.next': 'Page suivante',
  'agreements.pageOf': 'Page {page} sur {pages}',

  'agreement.title': 'Convention de stage de {name}',
  'agreement.back': 'Retour aux conventions',
  'agreement.reference': 'Référence {reference}',
  'agreement.downloadPdf': 'Télécharger la convention (PDF)',
  'agreement.pdfSameContent': 'Tout ce que dit le PDF est aussi sur cette page.',
  'agreement.signatureNote':
    'Chaque partie signe dans Tremplin (signature électronique simple : la date, l’heure et la provenance de chaque signature sont conservées). Le représentant légal signe par un lien personnel à usage unique.',
  'agreement.conditions': 'Conditions de la séquence d’observation',
  'agreement.weekTotal': 'Total de la semaine',
  'agreement.presence': '{duration} de présence',
  'agreement.representedByHead': 'Représenté par son chef d’établissement',
  'agreement.duration': '{hours} h',
  'agreement.durationMinutes': '{hours} h {minutes}',
  'agreement.todo': 'Ce qu’il reste à faire',
  'agreement.todo.sign': 'Signer la convention, en tant que : {party}.',
  'agreement.todo.waiting': 'En attente des signatures : {parties}.',
  'agreement.todo.signed':
    'La convention est signée. Après le stage, le tuteur confirme la présence et l’élève donne son avis.',
  'agreement.todo.afterStage': 'Le stage est terminé : {what}.',
  'agreement.todo.attendance': 'confirmer la présence de l’élève',
  'agreement.todo.feedback': 'donner ton avis sur le stage',
  'agreement.todo.completed':
    'Le stage est terminé et figure dans le passeport de compétences de l’élève.',
  'agreement.todo.cancelled': 'Cette convention est annulée.',

  'agreement.parties': 'Les parties',
  'agreement.school': 'Établissement',
  'agreement.company': "Entreprise d'accueil",
  'agreement.pupil': 'Élève',
  'agreement.guardian': 'Représentant légal',
  'agreement.guardianUnknown': 'non renseigné',
  'agreement.bornOn': 'né(e) le {date}',
  'agreement.uai': 'UAI {uai}',
  'agreement.siret': 'SIRET {siret}',

  'agreement.teaching': 'Annexe pédagogique',
  'agreement.stage': 'Stage',
  'agreement.period': 'Dates',
  'agreement.tutor': 'Tuteur',
  'agreement.referentTeacher': 'Professeur référent',
  'agreement.referentUnknown': 'à désigner',
  'agreement.dailyHours': 'Horaires de présence',
  'agreement.objectives': 'Objectifs',
  'agreement.practical': 'Annexe pratique',
  'agreement.meals': 'Repas',
  'agreement.travel': 'Trajets',
  'agreement.insurance': 'Assurance',
  'agreement.editAnnexes': 'Modifier les annexes',
  'agreement.editWarning':
    'Modifier les annexes après une signature efface les signatures déjà données : chacun devra signer la nouvelle version.',

  'agreement.signatures': 'Signatures',
  'agreement.signedBy': 'Signé par {name}, le {date}',
  'agreement.notSigned': 'En attente de signature',
  'agreement.byScan': 'Signature portée sur l’exemplaire papier déposé',
  'agreement.signTitle': 'Signer en tant que : {party}',
  'agreement.signMeaning':
    'En signant, vous acceptez la convention telle qu’elle est affichée sur cette page et dans le PDF : les dates, les horaires, les annexes et les conditions d’un stage d’observation (pas de travail de production, pas de rémunération, aucune machine ni aucun produit interdits aux mineurs). Votre nom, la date, l’heure et l’adresse de connexion seront enregistrés. Une signature ne peut pas être retirée.',
  'agreement.consent': 'J’ai lu la convention et ses annexes, et je l’accepte.',
  'agreement.consentMissing': 'Cochez la case pour confirmer que vous avez lu la convention.',
  'agreement.sign': 'Signer la convention',
  'agreement.signedDone': 'Votre signature est enregistrée.',
  'agreement.allSigned': 'La convention est signée par les quatre parties.',

  'agreement.guardianLink': 'Signature du représentant légal',
  'agreement.guardianLinkIntro':
    'Le représentant légal signe sans compte, grâce à un lien personnel envoyé par e-mail. Le lien ne sert qu’une fois et expire au bout de 14 jours ; en envoyer un nouveau désactive le précédent.',
  'agreement.guardianNoEmail':
    "Aucune adresse e-mail n'est connue pour le représentant légal : l'établissement doit la renseigner dans la fiche de l'élève.",
  'agreement.linkState.active': 'Lien envoyé à {to} le {sent}, valable jusqu’au {expires}.',
  'agreement.linkState.used': 'Le représentant légal a signé avec le lien envoyé à {to}.',
  'agreement.linkState.expired': 'Le lien envoyé à {to} le {sent} a expiré.',
  'agreement.linkState.replaced': 'Le lien envoyé à {to} a été remplacé.',
  'agreement.sendLink': 'Envoyer le lien de signature',
  'agreement.resendLink': 'Envoyer un nouveau lien',
  'agreement.linkSent': 'Le lien de signature a été envoyé à {to}.',
  'agreement.guardianMails': 'Voir les e-mails envoyés au représentant légal',

  'agreement.scan': 'Exemplaire signé sur papier',
  'agreement.scanIntro':
    "Si le chef d'établissement n'a pas de compte Tremplin, imprimez la convention, faites-la signer sur papier, puis déposez-la ici (PDF, JPEG ou PNG, 10 Mo au plus). Elle remplacera les signatures qui manquent et la convention sera signée.",
  'agreement.scanFile': 'Fichier numérisé',
  'agreement.scanHint': 'PDF, JPEG ou PNG, 10 Mo au plus.',
  'agreement.scanUpload': 'Déposer l’exemplaire signé',
  'agreement.scanSure':
    'Je confirme que ce fichier est la convention signée par toutes les parties : elle sera signée dans Tremplin, sans retour possible.',
  'agreement.scanSureMissing': 'Cochez la case pour confirmer le dépôt de la convention signée.',
  'agreement.scanNoFile': 'Choisissez le fichier numérisé de la convention signée.',
  'agreement.scanTooLarge': 'Le fichier dépasse 10 Mo : numérisez-le en résolution plus basse.',
  'agreement.scanUploaded': 'L’exemplaire signé est déposé : la convention est signée.',
  'agreement.scanInfo': 'Déposé le {date} par {name}.',
  'agreement.scanDownload': 'Télécharger l’exemplaire signé',

  'agreement.after': 'Après le stage',
  'agreement.afterOpens':
    'À partir du {date}, le tuteur confirme la présence et l’élève donne son avis.',
  'agreement.attendance': 'Présence et appréciation du tuteur',
  'agreement.attendanceDone': 'Présence confirmée le {date}.',
  'agreement.attendanceWaiting': 'Le tuteur n’a pas encore confirmé la présence.',
  'agreement.appraisal': 'Appréciation du tuteur',
  'agreement.appraisalHint':
    'Quelques phrases sur l’attitude et la curiosité de l’élève (10 caractères au moins). Elles figureront dans son passeport de compétences.',
  'agreement.confirmAttendance': 'Confirmer la présence de l’élève',
  'agreement.attendanceSaved': 'La présence est confirmée. Merci pour votre appréciation.',
  'agreement.feedback': 'Avis de l’élève',
  'agreement.feedbackWaiting': 'L’élève n’a pas encore donné son avis.',
  'agreement.feedbackLabel': 'Ton avis sur le stage',
  'agreement.feedbackHint': 'Ce que tu as découvert, aimé ou moins aimé (10 caractères au moins).',
  'agreement.giveFeedback': 'Envoyer mon avis',
  'agreement.feedbackSaved': 'Merci, ton avis est enregistré.',

  'annexes.title': 'Modifier les annexes — {name}',
  'annexes.intro':
    'Les annexes sont préremplies avec les informations de l’offre et de la classe. Les horaires sont vérifiés selon les règles du travail des mineurs : 7 h par jour et 35 h par semaine au plus, rien avant 6 h ni après 20 h, une pause de 30 minutes dès 4 h 30.',
  'annexes.warning':
    'Déjà signée par : {parties}. Enregistrer ces modifications effacera ces signatures et chacun devra signer de nouveau.',
  'annexes.clearSignatures': 'Je comprends que les signatures déjà données seront effacées.',
  'annexes.teaching': 'Annexe pédagogique',
  'annexes.practical': 'Annexe pratique',
  'annexes.startDate': 'Premier jour du stage',
  'annexes.endDate': 'Dernier jour du stage',
  'annexes.tutorName': 'Nom du tuteur',
  'annexes.tutorRole': 'Fonction du tuteur',
  'annexes.referentTeacherName': 'Professeur référent',
  'annexes.objectives': 'Objectifs du stage',
  'annexes.hours': 'Horaires de présence',
  'annexes.hoursHint':
    'Cochez les jours de présence et indiquez les heures d’arrivée et de départ, et la pause (déjeuner).',
  'annexes.worked': 'Jour de présence',
  'annexes.start': 'Arrivée',
  'annexes.end': 'Départ',
  'annexes.breakStart': 'Début de la pause',
  'annexes.breakEnd': 'Fin de la pause',
  'annexes.meals': 'Repas',
  'annexes.travel': 'Trajets',
  'annexes.insurance': 'Assurance',
  'annexes.save': 'Enregistrer les annexes',
  'annexes.cancel': 'Annuler',
  'annexes.saved': 'Les annexes sont enregistrées.',
  'annexes.noDay': 'Cochez au moins un jour de présence.',

  'guardianSign.title': 'Signature de la convention de stage',
  'guardianSign.intro':
    'Bonjour{name}. Voici la convention de stage de {pupil}. Lisez-la, puis signez-la en bas de la page. Vous n’avez pas besoin de compte.',
  'guardianSign.download': 'Télécharger la convention complète (PDF)',
  'guardianSign.summary': 'Le stage en bref',
  'guardianSign.where': 'Lieu',
  'guardianSign.conditions': 'Conditions d’un stage d’observation',
  'guardianSign.condition1':
    'Votre enfant observe : il ne fait aucun travail de production et ne remplace aucun salarié.',
  'guardianSign.condition2': 'Il ne reçoit aucune rémunération.',
  'guardianSign.condition3': 'Il n’utilise aucune machine et aucun produit interdits aux mineurs.',
  'guardianSign.condition4':
    'Il reste sous statut scolaire ; l’établissement et l’entreprise sont assurés.',
  'guardianSign.signTitle': 'Signer',
  'guardianSign.meaning':
    'En signant, vous acceptez en tant que représentant légal la convention ci-dessus. Votre nom, la date, l’heure et l’adresse de connexion seront enregistrés. Ce lien ne servira plus ensuite.',
  'guardianSign.name': 'Votre prénom et votre nom',
  'guardianSign.consent':
    'Je suis le représentant légal de cet élève, j’ai lu la convention et je l’accepte.',
  'guardianSign.submit': 'Signer la convention',
  'guardianSign.done':
    'Merci, votre signature est enregistrée. Vous recevrez la convention par e-mail quand toutes les parties l’auront signée.',
  'guardianSign.used':
    'Ce lien a déjà servi : la convention a été signée avec lui. Chaque lien ne sert qu’une fois.',
  'guardianSign.expired':
    'Ce lien a expiré le {date}. Demandez un nouveau lien à l’établissement ou à votre enfant.',
  'guardianSign.replaced':
    'Un lien plus récent vous a été envoyé : utilisez celui du dernier e-mail reçu.',
  'guardianSign.invalid':
    'Ce lien de signature n’est pas valide. Vérifiez qu’il est complet, ou demandez un nouveau lien à l’établissement.',
  'guardianSign.alreadySigned': 'Toutes les parties ont déjà signé cette convention.',

  'mails.title': 'E-mails au représentant légal — {name}',
  'mails.intro':
    'Pour l’assistance : les e-mails envoyés à l’adresse du représentant légal depuis la création de la convention. Chaque consultation est enregistrée dans le journal d’audit.',
  'mails.empty': 'Aucun e-mail envoyé.',
  'mails.to': 'À',
  'mails.createdAt': 'Créé le',
  'mails.status': 'État',
  'mails.sent': 'Envoyé le {date}',
  'mails.pending': 'En attente d’envoi',
  'mails.failed': 'Échec ({attempts} essais) : {error}',

  'notification.agreement.created':
    'Convention de stage de {pupilName} pour « {offerTitle} » (à partir du {startDate}) : à relire et à signer.',
  'notification.agreement.signed':
    'La convention {reference} ({pupilName}, {companyName}) est signée par toutes les parties.',
  'notification.agreement.signaturesCleared':
    'La convention {reference} ({pupilName}) a été modifiée : votre signature est effacée, signez la nouvelle version.',
  'notification.agreement.completed':
    'Le stage de {pupilName} chez {companyName} est terminé : il figure dans le passeport de compétences.',
  'notification.agreement.attendanceDue':
    'Le stage de {pupilName} est terminé : confirmez sa présence et laissez une courte appréciation.',
  'notification.agreement.feedbackDue':
    'Ton stage chez {companyName} est terminé : dis-nous comment il s’est passé.',
} as const;
