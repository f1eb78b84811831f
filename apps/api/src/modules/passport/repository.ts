// Queries of the skills passport. The pupil reads and changes their own entries only (their id is
// in every WHERE); a teacher or head of the pupil's school reads it, through a query that finds
// the pupil only when the reader is an active member of the pupil's school.
import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '@tremplin/db';
import { passportEntries } from '@tremplin/db/schema';
import type { PassportEntry, PassportKind, SchoolLevel } from '@tremplin/contracts';

/** Where an entry comes from, in the words printed on the PDF. */
export function sourceLabelOf(kind: PassportKind, sourceType: string | null): string {
  switch (sourceType) {
    case 'agreement':
      return 'Stage en entreprise (convention signée)';
    case 'module_activity':
      return kind === 'visit'
        ? 'Intervention d’un ambassadeur des métiers en classe'
        : 'Module de découverte des métiers de la classe';
    case 'activity_reflection':
      return 'Ma réflexion après une activité de classe';
    case 'mentorship':
      return 'Mentorat';
    case 'challenge_team':
      return 'Challenge école–entreprise';
    case null:
      return 'Écrit par l’élève';
    default:
      return 'Tremplin';
  }
}

export interface PassportHeader {
  id: string;
  name: string;
  schoolName: string | null;
  className: string | null;
  level: SchoolLevel | null;
}

const headerSelect = sql`
  select u.id, coalesce(nullif(trim(s.first_name || ' ' || s.last_name), ''), u.display_name) as name,
    sc.name as "schoolName", c.name as "className", s.level
  from users u
  left join students s on s.user_id = u.id
  left join schools sc on sc.id = s.school_id
  left join classes c on c.id = s.class_id`;

/** The pupil's own header: any signed-in pupil has a passport, even before a school knows them. */
export async function ownHeader(db: Executor, params: { studentId: string }) {
  const [row] = await queryRows<PassportHeader>(
    db,
    sql`${headerSelect} where u.id = ${params.studentId}`,
  );
  return row;
}

/** A pupil's header, only when the reader is active staff of the pupil's school; else undefined. */
export async function headerForStaff(db: Executor, params: { studentId: string; staffId: string }) {
  const [row] = await queryRows<PassportHeader>(
    db,
    sql`${headerSelect}
        where u.id = ${params.studentId}
          and s.school_id in (
            select m.school_id from school_memberships m
            where m.user_id = ${params.staffId} and m.status = 'active')`,
  );
  return row;
}

interface EntryRow {
  id: string;
  kind: PassportKind;
  sourceType: string | null;
  title: string;
  description: string;
  appraisal: string | null;
  occurredOn: string;
  visible: boolean;
}

const entryColumns = {
  id: passportEntries.id,
  kind: passportEntries.kind,
  sourceType: passportEntries.sourceType,
  title: passportEntries.title,
  description: passportEntries.description,
  appraisal: passportEntries.appraisal,
  occurredOn: passportEntries.occurredOn,
  visible: passportEntries.visible,
};

export function serialiseEntry(row: EntryRow): PassportEntry {
  return {
    ...row,
    sourceLabel: sourceLabelOf(row.kind, row.sourceType),
    editable: row.sourceType === null,
  };
}

/** A pupil's entries, newest first (only the visible ones for the PDF). */
export async function listEntries(
  db: Executor,
  params: { studentId: string; onlyVisible?: boolean },
) {
  const rows = await db
    .select(entryColumns)
    .from(passportEntries)
    .where(
      and(
        eq(passportEntries.studentId, params.studentId),
        params.onlyVisible ? eq(passportEntries.visible, true) : undefined,
      ),
    )
    .orderBy(
      sql`${passportEntries.occurredOn} desc, ${passportEntries.createdAt} desc, ${passportEntries.id}`,
    );
  return rows.map(serialiseEntry);
}

/** One entry of this pupil's, or undefined (someone else's entry is out of reach). */
export async function ownEntry(db: Executor, params: { studentId: string; id: string }) {
  const [row] = await db
    .select(entryColumns)
    .from(passportEntries)
    .where(and(eq(passportEntries.id, params.id), eq(passportEntries.studentId, params.studentId)));
  return row;
}

export async function createReflection(
  db: Executor,
  params: {
    studentId: string;
    title: string;
    description: string;
    occurredOn: string;
    visible: boolean;
  },
) {
  const [row] = await db
    .insert(passportEntries)
    .values({
      studentId: params.studentId,
      kind: 'reflection',
      sourceType: null,
      sourceId: null,
      title: params.title,
      description: params.description,
      occurredOn: params.occurredOn,
      visible: params.visible,
    })
    .returning(entryColumns);
  return row!;
}

/** Changes an entry of the pupil's; words and date only on their own reflections (caller checks). */
export async function updateEntry(
  db: Executor,
  params: {
    studentId: string;
    id: string;
    values: { title?: string; description?: string; occurredOn?: string; visible?: boolean };
  },
) {
  const [row] = await db
    .update(passportEntries)
    .set(params.values)
    .where(and(eq(passportEntries.id, params.id), eq(passportEntries.studentId, params.studentId)))
    .returning(entryColumns);
  return row;
}

/** Deletes one of the pupil's own reflections; entries from elsewhere are never deleted here. */
export async function deleteReflection(db: Executor, params: { studentId: string; id: string }) {
  const rows = await db
    .delete(passportEntries)
    .where(
      and(
        eq(passportEntries.id, params.id),
        eq(passportEntries.studentId, params.studentId),
        isNull(passportEntries.sourceType),
      ),
    )
    .returning({ id: passportEntries.id });
  return rows.length > 0;
}

/** Shows exactly the listed entries of this pupil's and hides the others. */
export async function setVisibility(
  db: Executor,
  params: { studentId: string; visibleIds: string[] },
) {
  const mine = eq(passportEntries.studentId, params.studentId);
  if (params.visibleIds.length === 0) {
    await db.update(passportEntries).set({ visible: false }).where(mine);
    return;
  }
  await db
    .update(passportEntries)
    .set({ visible: true })
    .where(and(mine, inArray(passportEntries.id, params.visibleIds)));
  await db
    .update(passportEntries)
    .set({ visible: false })
    .where(and(mine, notInArray(passportEntries.id, params.visibleIds)));
}
