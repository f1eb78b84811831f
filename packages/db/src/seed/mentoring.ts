// Demo mentoring, so a first start shows the whole flow: the demo mentor's profile (developer at
// the Atelier Numérique du Val (démo), free on Wednesday afternoons and Saturday mornings), two
// more fictitious mentors with other trades and hours, and the demo pupil's open request, her
// guardian's consent recorded by the school, waiting for the operator's pairing run.
import type { Executor } from '../client.js';
import { auditLog, menteeRequests, mentorProfiles, userRoles, users } from '../schema/index.js';

export interface MentoringSeedParams {
  /** mentor@demo.tremplin.fr and the company they belong to (Atelier Numérique du Val). */
  mentorId: string;
  mentorCompanyId: string;
  /** The bakery (Boulangerie du Marché) and the building firm (BTP Val-de-Marne Construction). */
  bakeryId: string;
  buildingId: string;
  /** The demo pupil (eleve@demo.tremplin.fr) and the demo head of school, who recorded consent. */
  studentId: string;
  headId: string;
  passwordHash: string;
}

const otherMentors = [
  {
    email: 'mentor.boulangerie@demo.tremplin.fr',
    displayName: 'Bastien Fournil (démo)',
    company: 'bakery',
    profile: {
      tradeCodes: ['D1102', 'D1104'],
      languages: ['fr', 'pt'],
      modes: ['in_person', 'phone'] as const,
      communes: ['94028', '94081'],
      capacity: 2,
      availability: [
        { day: 1, start: '17:00', end: '19:00' },
        { day: 4, start: '17:00', end: '19:00' },
      ],
      bio: 'Boulanger depuis vingt ans, je fais découvrir le fournil et les métiers de bouche. (Profil fictif de démonstration.)',
    },
  },
  {
    email: 'mentor.btp@demo.tremplin.fr',
    displayName: 'Samia Chantier (démo)',
    company: 'building',
    profile: {
      tradeCodes: ['F1703', 'F1602'],
      languages: ['fr', 'ar'],
      modes: ['video', 'phone'] as const,
      communes: [],
      capacity: 2,
      availability: [
        { day: 2, start: '17:30', end: '19:30' },
        { day: 6, start: '09:00', end: '12:00' },
      ],
      bio: 'Cheffe de chantier, j’aide les jeunes qui veulent travailler dans le bâtiment à trouver un stage ou un apprentissage. (Profil fictif de démonstration.)',
    },
  },
] as const;

export async function seedMentoring(tx: Executor, params: MentoringSeedParams): Promise<void> {
  const now = new Date();
  await tx.insert(mentorProfiles).values({
    userId: params.mentorId,
    companyId: params.mentorCompanyId,
    tradeCodes: ['M1805', 'M1801', 'M1802'],
    languages: ['fr', 'en'],
    modes: ['video', 'in_person', 'phone'],
    communes: ['94046', '94028', '94081', '94041'],
    capacity: 3,
    availability: [
      { day: 3, start: '14:00', end: '18:00' },
      { day: 6, start: '10:00', end: '12:00' },
    ],
    bio: 'Développeuse web à l’Atelier Numérique du Val, j’explique volontiers comment on fabrique une application et comment trouver un stage dans le numérique. (Profil fictif de démonstration.)',
  });
  for (const mentor of otherMentors) {
    const [user] = await tx
      .insert(users)
      .values({
        email: mentor.email,
        displayName: mentor.displayName,
        passwordHash: params.passwordHash,
      })
      .returning({ id: users.id });
    await tx.insert(userRoles).values({ userId: user!.id, role: 'mentor' });
    await tx.insert(mentorProfiles).values({
      userId: user!.id,
      companyId: mentor.company === 'bakery' ? params.bakeryId : params.buildingId,
      ...mentor.profile,
      tradeCodes: [...mentor.profile.tradeCodes],
      languages: [...mentor.profile.languages],
      modes: [...mentor.profile.modes],
      communes: [...mentor.profile.communes],
      availability: [...mentor.profile.availability],
    });
  }
  // The demo pupil (a minor) asks for a mentor in computing; her school recorded the consent
  // her father gave on the paper form, so the first pairing run can pair her.
  const [request] = await tx
    .insert(menteeRequests)
    .values({
      menteeId: params.studentId,
      goals: ['discover_trade', 'find_stage'],
      tradeCodes: ['M1805', 'D1102'],
      modes: ['video', 'in_person'],
      availability: [
        { day: 3, start: '14:00', end: '17:00' },
        { day: 6, start: '10:00', end: '12:00' },
      ],
      languages: ['fr'],
      communeCode: '94028',
      constraints: '',
      guardianConsentAt: now,
      guardianConsentBy: 'Karim Parent',
    })
    .returning({ id: menteeRequests.id });
  await tx.insert(auditLog).values({
    actorId: params.headId,
    action: 'mentoring.consentRecorded',
    subjectType: 'mentee_request',
    subjectId: request!.id,
    data: { recordedBy: 'school' },
  });
}
