// Demo classes: "3e A" of Collège des Tilleuls (démo) with the demo teacher and eight fictitious
// pupils (the demo pupil account among them), "2de 1" at the demo lycée, and both schools' stage
// weeks for 2026–2027. Pupils created by the school sign in with a code; their codes are random,
// printed from the class page like any other.
import { randomInt } from 'node:crypto';
import type { Executor } from '../client.js';
import { classes, stageWeeks, students, userRoles, users } from '../schema/index.js';

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';

function demoLoginCode(): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `TRM-${body.slice(0, 4)}-${body.slice(4)}`;
}

const collegePupils = [
  { firstName: 'Lina', lastName: 'Démo', birthDate: '2012-02-11', commune: '94028' },
  { firstName: 'Yanis', lastName: 'Exemple', birthDate: '2012-06-30', commune: '94028' },
  { firstName: 'Chloé', lastName: 'Fictif', birthDate: '2012-09-03', commune: '94046' },
  { firstName: 'Moussa', lastName: 'Modèle', birthDate: '2011-12-19', commune: '94028' },
  { firstName: 'Jade', lastName: 'Essai', birthDate: '2012-04-07', commune: '94081' },
  { firstName: 'Noah', lastName: 'Prototype', birthDate: '2012-11-25', commune: '94028' },
  { firstName: 'Sarah', lastName: 'Maquette', birthDate: '2012-01-16', commune: '94046' },
] as const;

const lyceePupils = [
  { firstName: 'Hugo', lastName: 'Brouillon', birthDate: '2011-03-08', commune: '94068' },
  { firstName: 'Awa', lastName: 'Esquisse', birthDate: '2011-07-22', commune: '94068' },
  { firstName: 'Léo', lastName: 'Ébauche', birthDate: '2011-10-01', commune: '94022' },
] as const;

export interface ClassSeedParams {
  /** The demo teacher (prof@demo.tremplin.fr) and the demo pupil (eleve@demo.tremplin.fr). */
  teacherId: string;
  studentId: string;
  /** Collège des Tilleuls (démo) and Lycée Marne-et-Seine (démo). */
  collegeId: string;
  lyceeId: string;
}

async function codePupils(
  tx: Executor,
  params: {
    schoolId: string;
    classId: string;
    level: '3e' | '2de';
    pupils: readonly { firstName: string; lastName: string; birthDate: string; commune: string }[];
  },
) {
  const created = await tx
    .insert(users)
    .values(
      params.pupils.map((p) => ({
        email: null,
        passwordHash: null,
        loginCode: demoLoginCode(),
        displayName: `${p.firstName} ${p.lastName}`,
      })),
    )
    .returning({ id: users.id });
  await tx
    .insert(userRoles)
    .values(created.map((u) => ({ userId: u.id, role: 'student' as const })));
  await tx.insert(students).values(
    params.pupils.map((p, i) => ({
      userId: created[i]!.id,
      schoolId: params.schoolId,
      classId: params.classId,
      level: params.level,
      firstName: p.firstName,
      lastName: p.lastName,
      birthDate: p.birthDate,
      homeCommuneCode: p.commune,
    })),
  );
}

export async function seedClasses(tx: Executor, params: ClassSeedParams): Promise<void> {
  const [college] = await tx
    .insert(classes)
    .values({
      schoolId: params.collegeId,
      name: '3e A',
      level: '3e',
      schoolYear: 2026,
      teacherId: params.teacherId,
    })
    .returning({ id: classes.id });
  const [lycee] = await tx
    .insert(classes)
    .values({ schoolId: params.lyceeId, name: '2de 1', level: '2de', schoolYear: 2026 })
    .returning({ id: classes.id });

  await tx.insert(students).values({
    userId: params.studentId,
    schoolId: params.collegeId,
    classId: college!.id,
    level: '3e',
    firstName: 'Inès',
    lastName: 'Élève',
    birthDate: '2012-05-14',
    homeCommuneCode: '94028',
    guardianName: 'Karim Parent',
    guardianEmail: 'parent@demo.tremplin.fr',
    interests: ['D1102', 'M1805'],
  });
  await codePupils(tx, {
    schoolId: params.collegeId,
    classId: college!.id,
    level: '3e',
    pupils: collegePupils,
  });
  await codePupils(tx, {
    schoolId: params.lyceeId,
    classId: lycee!.id,
    level: '2de',
    pupils: lyceePupils,
  });

  await tx.insert(stageWeeks).values([
    { schoolId: params.collegeId, level: '3e', startDate: '2027-01-18', endDate: '2027-01-22' },
    { schoolId: params.collegeId, level: '3e', startDate: '2027-02-01', endDate: '2027-02-05' },
    { schoolId: params.lyceeId, level: '2de', startDate: '2027-06-14', endDate: '2027-06-25' },
  ]);
}
