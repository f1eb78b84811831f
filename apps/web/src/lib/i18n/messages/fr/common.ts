// Messages shared by every page: layout, sign-in and sign-up, account, organisation, trades,
// operator pages. French first; English must have every French key (the type says so).
export const fr = {
  'brand.home': 'Tremplin, accueil',
  'nav.skip': 'Aller au contenu',
  'nav.main': 'Navigation principale',
  'nav.menu': 'Menu',
  'nav.trades': 'Métiers',
  'nav.organisation': 'Mon organisation',
  'nav.schoolImport': 'Import des établissements',
  'nav.people': 'Personnes et rôles',
  'nav.account': 'Mon compte',
  'nav.signIn': 'Se connecter',
  'nav.signUp': 'Créer un compte',
  'nav.signOut': 'Se déconnecter',
  'nav.unread': 'non lue(s)',
  'footer.tagline': 'Tremplin, la plateforme école–entreprise du Val-de-Marne.',
  'footer.accessibility': 'Accessibilité : non conforme (pas encore d’audit RGAA)',
  'footer.about': 'À propos',

  'common.search': 'Rechercher',
  'common.noResult': 'Aucun résultat.',
  'form.errorTitle': 'Il y a un problème',

  'role.student': 'Élève',
  'role.guardian': 'Responsable légal',
  'role.teacher': 'Professeur',
  'role.school_admin': "Chef d'établissement",
  'role.employer': 'Entreprise',
  'role.mentor': 'Mentor',
  'role.ambassador': 'Ambassadeur des métiers',
  'role.operator': 'Opérateur du Département',
  'membership.pending': 'en attente',
  'membership.active': 'validé',
  'membership.rejected': 'refusé',
  'priority.none': 'Hors éducation prioritaire',
  'priority.rep': 'REP',
  'priority.rep_plus': 'REP+',

  'home.tagline': 'la plateforme école–entreprise du Val-de-Marne',
  'home.title': 'Trouver sa voie, un stage à la fois',
  'home.lead':
    'Tremplin réunit élèves, professeurs et entreprises du Val-de-Marne : stages de 3e et de seconde, mentorat, ambassadeurs des métiers et challenges école–entreprise.',
  'home.hello': 'Bonjour {name}.',
  'home.start': 'Créer mon compte',
  'home.signedOut': 'Vous êtes déconnecté.',
  'home.forWho': 'Pour qui ?',
  'home.student.title': 'Élèves',
  'home.student.text':
    'Cherchez un stage près de chez vous, postulez, suivez vos candidatures et gardez une trace de tout ce que vous découvrez.',
  'home.teacher.title': 'Professeurs',
  'home.teacher.text':
    'Suivez la recherche de stage de vos classes, invitez des ambassadeurs et organisez vos modules de découverte des métiers.',
  'home.employer.title': 'Entreprises',
  'home.employer.text':
    "Proposez des stages d'observation, recevez les candidatures et faites découvrir votre métier aux jeunes du territoire.",
  'home.mentor.title': 'Mentors et ambassadeurs',
  'home.mentor.text':
    'Accompagnez un jeune vers son premier emploi ou venez présenter votre métier dans une classe.',
  'home.priorityTitle': "Priorité aux jeunes les plus éloignés de l'emploi",
  'home.priorityText':
    'Des places de stage sont réservées aux élèves des collèges REP et REP+, et les TPE et PME du territoire sont mises en avant.',

  'signIn.title': 'Se connecter',
  'signIn.login': 'Adresse e-mail ou code de connexion',
  'signIn.loginHint':
    'Élève sans adresse e-mail : saisissez le code donné par votre établissement.',
  'signIn.password': 'Mot de passe',
  'signIn.submit': 'Se connecter',
  'signIn.firstTime': 'Première connexion avec un code ?',
  'signIn.firstTimeLink': 'Choisir mon mot de passe',
  'signIn.noAccount': 'Pas encore de compte ?',
  'signIn.signUpLink': 'Créer un compte',

  'signUp.title': 'Créer un compte',
  'signUp.role': 'Vous êtes',
  'signUp.roleHint.student': 'Collégien, lycéen ou jeune de 16 à 25 ans',
  'signUp.roleHint.teacher': "Professeur ou chef d'établissement",
  'signUp.roleHint.employer': 'Vous agissez pour une entreprise qui accueille des stagiaires',
  'signUp.roleHint.mentor': 'Vous accompagnez un jeune vers son premier emploi',
  'signUp.roleHint.ambassador': 'Vous présentez votre métier dans les classes',
  'signUp.displayName': 'Prénom et nom',
  'signUp.displayNameHint': 'Tel que les autres le verront.',
  'signUp.email': 'Adresse e-mail',
  'signUp.password': 'Mot de passe',
  'signUp.passwordHint':
    'Au moins 10 caractères, avec au moins deux sortes : minuscules, majuscules, chiffres ou symboles.',
  'signUp.submit': 'Créer mon compte',
  'signUp.already': 'Vous avez déjà un compte ?',
  'signUp.signInLink': 'Se connecter',

  'firstSignIn.title': 'Première connexion',
  'firstSignIn.intro':
    'Votre établissement vous a donné un code de connexion. Saisissez-le et choisissez votre mot de passe.',
  'firstSignIn.code': 'Code de connexion',
  'firstSignIn.codeHint': 'Par exemple : TRM-7KQ4-9XPZ',
  'firstSignIn.password': 'Nouveau mot de passe',
  'firstSignIn.confirm': 'Confirmez le mot de passe',
  'firstSignIn.mismatch': 'Les deux mots de passe ne sont pas identiques.',
  'firstSignIn.submit': 'Enregistrer et me connecter',

  'account.title': 'Mon compte',
  'account.welcome': 'Bienvenue sur Tremplin, {name} !',
  'account.nextStep':
    'Prochaine étape : rattachez votre compte à votre établissement ou à votre entreprise.',
  'account.roles': 'Mes rôles',
  'account.memberships': 'Mes organisations',
  'account.profile': 'Mes informations',
  'account.language': 'Langue',
  'account.save': 'Enregistrer',
  'account.saved': 'Vos informations sont enregistrées.',
  'account.changePassword': 'Changer de mot de passe',
  'account.passwordNote': 'Vos autres sessions ouvertes seront déconnectées.',
  'account.currentPassword': 'Mot de passe actuel',
  'account.newPassword': 'Nouveau mot de passe',
  'account.passwordChanged':
    'Votre mot de passe est changé. Vos autres sessions sont déconnectées.',

  'organisation.title': 'Mon organisation',
  'organisation.mine': 'Mes établissements et entreprises',
  'organisation.none':
    "Vous n'êtes rattaché à aucun établissement ni aucune entreprise pour l'instant.",
  'organisation.requests': 'Demandes à traiter',
  'organisation.noRequests': 'Aucune demande en attente.',
  'organisation.person': 'Personne',
  'organisation.organisation': 'Organisation',
  'organisation.role': 'Rôle demandé',
  'organisation.decision': 'Décision',
  'organisation.approve': 'Accepter',
  'organisation.reject': 'Refuser',
  'organisation.approved': 'La demande est acceptée.',
  'organisation.rejected': 'La demande est refusée.',
  'organisation.createCompany': 'Inscrire mon entreprise',
  'organisation.createCompanyIntro':
    "Votre entreprise n'est pas encore sur Tremplin ? Inscrivez-la avec son SIRET : vous en serez le premier gestionnaire.",
  'organisation.createCompanySubmit': "Inscrire l'entreprise",
  'organisation.companyCreated': "L'entreprise {name} est inscrite. Vous en êtes le gestionnaire.",
  'organisation.joinSchool': 'Rejoindre un établissement',
  'organisation.searchSchool': "Nom, commune ou UAI de l'établissement",
  'organisation.asTeacher': 'Rejoindre comme professeur',
  'organisation.asHead': "Rejoindre comme chef d'établissement",
  'organisation.joinCompany': 'Rejoindre une entreprise',
  'organisation.searchCompany': "Nom ou SIRET de l'entreprise",
  'organisation.joinAs': 'Rejoindre comme {role}',
  'organisation.requestSent':
    'Votre demande est envoyée. Vous serez prévenu dès qu’elle sera traitée.',

  'company.siret': 'SIRET',
  'company.siretHint': '14 chiffres, sur votre extrait Kbis ou avis de situation Insee.',
  'company.name': "Nom de l'entreprise",
  'company.naf': 'Code NAF (APE)',
  'company.nafHint': 'Par exemple : 10.71C',
  'company.size': "Taille de l'entreprise",
  'company.size.tpe': 'TPE (moins de 10 salariés)',
  'company.size.pme': 'PME (moins de 250 salariés)',
  'company.size.eti': 'ETI (moins de 5 000 salariés)',
  'company.size.ge': 'Grande entreprise',
  'company.commune': 'Commune',
  'company.communeChoose': 'Choisissez une commune',
  'company.address': 'Adresse',

  'trades.title': 'Les métiers',
  'trades.intro':
    'Les 532 fiches métiers du répertoire ROME, classées en 14 grands domaines. Les offres de stage, les mentors et les ambassadeurs utilisent ces codes.',
  'trades.search': 'Rechercher un métier',
  'trades.searchHint': 'Un mot du métier ou son code, par exemple « boulanger » ou « D1102 ».',
  'trades.domain': 'Grand domaine',
  'trades.allDomains': 'Tous les domaines',
  'trades.domains': 'Les 14 grands domaines',
  'trades.count': '{count} fiches métiers',
  'trades.results': '{count} métier(s) trouvé(s)',
  'trades.code': 'Code',
  'trades.label': 'Métier',

  'import.title': 'Importer les établissements',
  'import.intro':
    "Importez l'annuaire de l'éducation (fichier CSV séparé par des points-virgules). Les établissements déjà connus sont mis à jour ; chaque ligne refusée est listée avec sa raison.",
  'import.file': 'Fichier CSV',
  'import.fileHint':
    'Colonnes attendues : identifiant_de_l_etablissement, nom_etablissement, type_etablissement, code_commune, latitude, longitude, appartenance_education_prioritaire.',
  'import.noFile': 'Choisissez un fichier CSV.',
  'import.dryRun': 'Vérifier seulement',
  'import.dryRunHint': "Rien n'est enregistré : vous voyez ce que l'import ferait.",
  'import.submit': 'Importer',
  'import.running': 'Import en cours…',
  'import.report': 'Résultat de l’import de {file}',
  'import.reportDry': 'Vérification de {file} (rien n’a été enregistré)',
  'import.read': '{count} ligne(s) lue(s)',
  'import.created': '{count} établissement(s) créé(s)',
  'import.updated': '{count} établissement(s) mis à jour',
  'import.rejectedCount': '{count} ligne(s) refusée(s)',
  'import.rejected': 'Lignes refusées',
  'import.line': 'Ligne',
  'import.reason': 'Raison',

  'people.title': 'Personnes et rôles',
  'people.intro':
    'Cherchez une personne pour lui donner ou lui retirer un rôle. Le rôle d’opérateur ne peut être donné que par un opérateur. Chaque changement est inscrit au journal d’audit.',
  'people.search': 'Nom ou adresse e-mail',
  'people.noEmail': 'Sans adresse e-mail (élève)',
  'people.revoke': 'Retirer',
  'people.grant': 'Ajouter le rôle',
  'people.grantSubmit': 'Ajouter',
  'people.granted': 'Le rôle est ajouté.',
  'people.revoked': 'Le rôle est retiré.',

  'a11y.title': 'Accessibilité',
  'a11y.commitment':
    "Le Département du Val-de-Marne s'engage à rendre Tremplin accessible à tous, selon l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette page dit où nous en sommes.",
  'a11y.statusTitle': 'État de conformité',
  'a11y.status':
    'Tremplin est non conforme au RGAA 4.1 (référentiel général d’amélioration de l’accessibilité). Aucun audit complet n’a encore été fait : sans audit, c’est la mention que le RGAA impose.',
  'a11y.target': 'Nous visons la conformité totale, c’est-à-dire le niveau AA des WCAG 2.1.',
  'a11y.howTitle': 'Ce que nous vérifions à chaque modification',
  'a11y.howIntro':
    'Ces tests tournent automatiquement avant chaque mise en ligne. Une erreur bloque la mise en ligne.',
  'a11y.how.axe':
    'Toutes les pages, pour chaque rôle (élève, professeur, chef d’établissement, entreprise, mentor, ambassadeur, opérateur, visiteur), passent l’outil axe-core sur les règles WCAG 2.1 A et AA : aucune erreur.',
  'a11y.how.keyboard':
    'Se connecter et classer ses vœux se font au clavier seul, avec un focus visible et un lien pour aller au contenu. Les autres parcours (postuler, réserver une séance de mentorat, noter un challenge) ne sont pas encore vérifiés ainsi.',
  'a11y.how.labels':
    'Chaque champ a une étiquette. Les erreurs sont annoncées et reliées à leur champ. Chaque page a un titre qui dit où l’on est.',
  'a11y.how.phone':
    'Chaque page tient sur un téléphone de 360 pixels de large sans défilement horizontal, et chaque bouton ou lien isolé mesure au moins 44 pixels.',
  'a11y.how.lighthouse':
    'La recherche de stage et l’accueil de l’élève obtiennent 100 sur 100 en accessibilité dans Lighthouse (réglages mobiles).',
  'a11y.how.languages': 'Tous les textes existent en français et en anglais.',
  'a11y.limitsTitle': 'Ce que ces tests ne disent pas',
  'a11y.limits':
    'Les outils automatiques ne trouvent qu’une partie des problèmes. Nous n’avons pas encore testé Tremplin avec des lecteurs d’écran (NVDA, VoiceOver, TalkBack), ni avec un zoom à 200 % sur toutes les pages, ni avec des personnes en situation de handicap.',
  'a11y.knownTitle': 'Contenus non accessibles connus',
  'a11y.known.pdf':
    'Les documents PDF (convention de stage, passeport, attestation de challenge, bilan de l’entreprise) ne sont pas balisés pour les lecteurs d’écran. Leur contenu est aussi affiché dans une page du site.',
  'a11y.known.map':
    'La carte des offres ne se parcourt pas bien au clavier. La liste des offres, juste à côté, donne les mêmes informations.',
  'a11y.known.charts':
    'Les graphiques de l’observatoire et des campagnes sont des images : chacun a un tableau avec les mêmes chiffres.',
  'a11y.dateTitle': 'Établissement de cette déclaration',
  'a11y.date':
    'Déclaration établie le 26 novembre 2026, à partir des tests automatiques ci-dessus (navigateur Chromium, axe-core 4.14, Lighthouse 12).',
  'a11y.reportTitle': 'Signaler un problème',
  'a11y.report':
    'Vous n’arrivez pas à utiliser une page ou un service ? Écrivez-nous en disant quelle page et ce qui bloque. Nous vous répondrons et vous proposerons une autre façon d’y accéder.',
  'a11y.remedyTitle': 'Voie de recours',
  'a11y.remedy':
    'Si vous n’obtenez pas de réponse satisfaisante, vous pouvez saisir le Défenseur des droits :',
  'a11y.remedy.online': 'par le formulaire en ligne sur defenseurdesdroits.fr ;',
  'a11y.remedy.delegate': 'en contactant le délégué du Défenseur des droits de votre région ;',
  'a11y.remedy.mail':
    'par courrier gratuit, sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.',

  'about.title': 'À propos de Tremplin',
  'about.text':
    "Tremplin est la plateforme école–entreprise du Département du Val-de-Marne, issue de son plan pour l'emploi : un lieu unique pour les stages, le mentorat, les ambassadeurs des métiers et les challenges école–entreprise.",
  'about.dataTitle': 'Données de référence',
  'about.data':
    'Communes : IGN Admin Express et Insee (Licence Ouverte). Métiers : répertoire ROME de France Travail (Licence Ouverte).',
  'about.apiTitle': 'API',
  'about.api':
    'Les partenaires peuvent publier des offres et lire les référentiels par une API documentée (OpenAPI), disponible à l’adresse /docs du service API.',

  'error.notFound': 'Page introuvable',
  'error.forbidden': 'Accès refusé',
  'error.generic': 'Une erreur est survenue',
  'error.home': "Revenir à l'accueil",
} as const;
