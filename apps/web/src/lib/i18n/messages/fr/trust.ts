// Messages of personal data ("Mes données": download, account deletion, how long data is kept)
// and of the operator's audit log. French first; English must have every French key.
export const fr = {
  'nav.auditLog': 'Journal d’audit',

  'myData.title': 'Mes données personnelles',
  'myData.link': 'Mes données personnelles : les télécharger ou supprimer mon compte',
  'myData.intro':
    'Tremplin garde le moins possible de données sur vous, et seulement ce qui sert aux stages, au mentorat, aux visites et aux challenges. Vous pouvez les télécharger à tout moment et supprimer votre compte.',
  'myData.keepTitle': 'Combien de temps nous les gardons',
  'myData.keepPupil':
    'Un an après votre dernière activité (connexion, candidature, convention), votre nom, votre date de naissance, votre responsable légal et ce que vous avez écrit sont effacés.',
  'myData.keepProfessional':
    'Deux ans après votre dernière activité, votre nom, votre adresse e-mail, vos profils et ce que vous avez écrit sont effacés.',
  'myData.keepStatistics':
    'Ce qui reste ne permet plus de vous reconnaître : des chiffres (combien de stages, dans quel collège, dans quel métier) qui aident le Département à mieux répartir les places.',
  'myData.exportTitle': 'Télécharger mes données',
  'myData.exportText':
    'Un fichier JSON avec tout ce que Tremplin garde sur vous : compte, candidatures, conventions, passeport, mentorat, visites, challenges, notifications. Les fichiers déposés (convention scannée, travaux de challenge) se téléchargent depuis leur page.',
  'myData.exportButton': 'Télécharger mes données (JSON)',
  'myData.deleteTitle': 'Supprimer mon compte',
  'myData.deleteText':
    'Votre nom, votre adresse e-mail, votre mot de passe et ce que vous avez écrit sont effacés tout de suite. Vos candidatures en attente sont retirées, votre mentorat est terminé. Cela ne peut pas être annulé.',
  'myData.deleteWhileAgreement':
    'Pendant une convention de stage (signature en cours ou stage pas encore fini), le compte ne peut pas être supprimé : l’établissement et l’entreprise en ont besoin.',
  'myData.password': 'Mon mot de passe actuel',
  'myData.passwordHint': 'Pour être sûr que c’est bien vous.',
  'myData.confirm': 'Je comprends que mon compte et mes données seront supprimés définitivement.',
  'myData.confirmMissing': 'Cochez la case pour confirmer la suppression.',
  'myData.deleteButton': 'Supprimer définitivement mon compte',
  'myData.deletedTitle': 'Compte supprimé',
  'myData.deletedText':
    'Votre compte Tremplin est supprimé et vos données personnelles sont effacées. Merci d’avoir utilisé Tremplin.',
  'myData.home': 'Retour à l’accueil',

  'audit.title': 'Journal d’audit',
  'audit.intro':
    'Les actions sensibles, de la plus récente à la plus ancienne : conventions et signatures, campagnes d’affectation, rôles, exports et suppressions de données. Le journal ne peut être ni modifié ni effacé.',
  'audit.filters': 'Filtrer le journal',
  'audit.family': 'Type d’action',
  'audit.allFamilies': 'Toutes les actions',
  'audit.subjectType': 'Sur quoi (convention, user, campaign…)',
  'audit.from': 'Du',
  'audit.to': 'Au',
  'audit.apply': 'Filtrer',
  'audit.reset': 'Tout afficher',
  'audit.count': '{count} entrée(s)',
  'audit.empty': 'Aucune entrée ne correspond à ces filtres.',
  'audit.by': 'Par',
  'audit.platform': 'la plateforme (tâche automatique)',
  'audit.anonymised': 'compte anonymisé',
  'audit.subject': 'Sur',
  'audit.details': 'Détails',
  'audit.pages': 'Pages du journal',
  'audit.previous': 'Plus récentes',
  'audit.next': 'Plus anciennes',
  'audit.pageOf': 'Page {page} sur {pages}',
  'audit.family.agreement': 'Conventions',
  'audit.family.campaign': 'Campagnes',
  'audit.family.role': 'Rôles',
  'audit.family.privacy': 'Données personnelles',
  'audit.family.challenge': 'Challenges',
  'audit.family.mentoring': 'Mentorat',
  'audit.family.visit': 'Visites',
  'audit.family.visits': 'Visites (affectation)',
  'audit.family.user': 'Comptes',
  'audit.family.pupil': 'Élèves',
  'audit.family.pupils': 'Élèves (import)',
  'audit.family.class': 'Classes',
  'audit.family.module': 'Modules',
  'audit.family.offer': 'Offres',
  'audit.family.observatory': 'Observatoire',
  'audit.family.impact': 'Bilan annuel',
  'audit.family.passport': 'Passeport',
  'audit.family.schools': 'Établissements',
  'audit.family.stage_week': 'Semaines de stage',
  'audit.family.application': 'Candidatures',
  'audit.family.membership': 'Adhésions',
} as const;
