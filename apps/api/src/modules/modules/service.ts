// Discovery modules: the rules around activities (dates inside the module's school year, a done
// activity has taken place, nothing reflected on is undone, a visit under way keeps its
// activity), copying a module for another class or another year, and what a done activity leaves
// in the pupils' passports. The ambassadors domain calls `completeActivity` when a visit is done.
import type {
  ActivityStatus,
  CreateActivityBody,
  DiscoveryModule,
  PupilModule,
  UpdateActivityBody,
} from '@tremplin/contracts';
import { MAX_ACTIVITIES, VisitActivityKinds } from '@tremplin/contracts';
import type { Executor } from '@tremplin/db';
import { conflict, invalidField, notFound } from '../../lib/problem.js';
import { frenchDate, parisToday, schoolYearBounds } from '../classes/calendar.js';
import * as repo from './repository.js';

export const NOT_FOUND = {
  module: "Ce module n'existe pas ou n'est pas dans votre établissement.",
  activity: "Cette activité n'existe pas dans ce module.",
  pupilActivity: "Cette activité n'existe pas ou n'est pas celle de ta classe.",
  class: "Cette classe n'existe pas ou n'est pas dans votre établissement.",
};

const DAY_MS = 86_400_000;

export function serialiseModule(row: repo.ModuleRow, activities: repo.ActivityRow[]) {
  return {
    id: row.id,
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    class: {
      id: row.classId,
      name: row.className,
      level: row.classLevel,
      pupilCount: row.pupilCount,
    },
    teacher: row.teacherId && row.teacherName ? { id: row.teacherId, name: row.teacherName } : null,
    title: row.title,
    objectives: row.objectives,
    schoolYear: row.schoolYear,
    copiedFrom: row.copiedFrom,
    createdAt: row.createdAt,
    activities: activities.map((a) => ({
      id: a.id,
      position: a.position,
      kind: a.kind,
      title: a.title,
      description: a.description,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      status: a.status,
      reflectionCount: a.reflectionCount,
      visit: a.visitId
        ? {
            id: a.visitId,
            status: a.visitStatus as NonNullable<
              DiscoveryModule['activities'][number]['visit']
            >['status'],
            visitDate: a.visitDate,
            ambassadorName: a.ambassadorName,
          }
        : null,
    })),
  } satisfies DiscoveryModule;
}

/** The module with its activities, as its school's staff see it; undefined when out of reach. */
export async function readModule(db: Executor, params: { id: string; userId: string }) {
  const row = await repo.getModule(db, params);
  if (!row) return undefined;
  return serialiseModule(row, await repo.listActivities(db, { moduleId: row.id }));
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

function checkDates(startsOn: string | null, endsOn: string | null, schoolYear: number): void {
  const { start, end } = schoolYearBounds(schoolYear);
  const outside = (day: string) => day < start || day > end;
  const words = `Choisissez une date de l'année scolaire ${schoolYear}–${schoolYear + 1} (du ${frenchDate(start)} au ${frenchDate(end)}).`;
  if (startsOn && outside(startsOn)) throw invalidField('body.startsOn', 'date.schoolYear', words);
  if (endsOn && outside(endsOn)) throw invalidField('body.endsOn', 'date.schoolYear', words);
  if (endsOn && !startsOn) {
    throw invalidField('body.startsOn', 'required', 'Donnez le premier jour avant le dernier.');
  }
  if (startsOn && endsOn && endsOn < startsOn) {
    throw invalidField(
      'body.endsOn',
      'date.order',
      'Le dernier jour ne peut pas précéder le premier.',
    );
  }
}

export async function addActivity(
  tx: Executor,
  params: { moduleId: string; userId: string; body: CreateActivityBody },
) {
  const module = await repo.lockModule(tx, { id: params.moduleId, userId: params.userId });
  if (!module) throw notFound(NOT_FOUND.module);
  const { body } = params;
  const title = clean(body.title);
  if (title === '')
    throw invalidField('body.title', 'minLength', 'Ce champ ne peut pas être vide.');
  const startsOn = body.startsOn ?? null;
  const endsOn = body.endsOn ?? startsOn;
  checkDates(startsOn, endsOn, module.schoolYear);
  const { count, last } = await repo.activityCount(tx, module.id);
  if (count >= MAX_ACTIVITIES) {
    throw conflict(
      'module.full',
      `Un module compte au plus ${MAX_ACTIVITIES} activités : créez-en un second.`,
    );
  }
  return repo.insertActivity(tx, {
    moduleId: module.id,
    position: last + 1,
    kind: body.kind,
    title,
    description: (body.description ?? '').trim(),
    startsOn,
    endsOn,
  });
}

export async function changeActivity(
  tx: Executor,
  params: {
    moduleId: string;
    activityId: string;
    userId: string;
    body: UpdateActivityBody;
    now: Date;
  },
) {
  const module = await repo.lockModule(tx, { id: params.moduleId, userId: params.userId });
  if (!module) throw notFound(NOT_FOUND.module);
  const current = await repo.getActivity(tx, params);
  if (!current) throw notFound(NOT_FOUND.activity);
  const { body } = params;
  const values: repo.ActivityValues = {};
  if (body.title !== undefined) {
    values.title = clean(body.title);
    if (values.title === '')
      throw invalidField('body.title', 'minLength', 'Ce champ ne peut pas être vide.');
  }
  if (body.description !== undefined) values.description = body.description.trim();
  if (body.startsOn !== undefined) values.startsOn = body.startsOn;
  if (body.endsOn !== undefined) values.endsOn = body.endsOn;
  // A new first day with no last day keeps the activity to one day, or its length.
  const startsOn = values.startsOn !== undefined ? values.startsOn : current.startsOn;
  let endsOn = values.endsOn !== undefined ? values.endsOn : current.endsOn;
  if (body.endsOn === undefined && values.startsOn !== undefined) {
    endsOn = shiftedEnd(current.startsOn, current.endsOn, values.startsOn);
    values.endsOn = endsOn;
  }
  checkDates(startsOn, endsOn, module.schoolYear);

  const live = await repo.liveVisitCount(tx, { activityId: current.id });
  if (body.kind !== undefined && body.kind !== current.kind) {
    if (live > 0 && !VisitActivityKinds.includes(body.kind)) {
      throw conflict(
        'activity.visitLive',
        "Une demande de visite d'ambassadeur est en cours pour cette activité : annulez-la d'abord.",
      );
    }
    values.kind = body.kind;
  }
  const status = body.status ?? current.status;
  if (body.status !== undefined && body.status !== current.status) {
    await checkStatusChange(tx, {
      activityId: current.id,
      from: current.status,
      to: body.status,
      startsOn,
      live,
      today: parisToday(params.now),
    });
    values.status = body.status;
  }
  if (Object.keys(values).length > 0) await repo.updateActivity(tx, { ...params, values });
  if (status === 'done' && current.status !== 'done') {
    await repo.recordActivityInPassports(tx, {
      activityId: current.id,
      today: parisToday(params.now),
    });
  } else if (current.status === 'done' && status !== 'done') {
    await repo.removeActivityFromPassports(tx, { activityId: current.id });
  }
}

function shiftedEnd(oldStart: string | null, oldEnd: string | null, newStart: string | null) {
  if (!newStart) return null;
  if (!oldStart || !oldEnd) return newStart;
  const length = Date.parse(`${oldEnd}T00:00:00Z`) - Date.parse(`${oldStart}T00:00:00Z`);
  return new Date(Date.parse(`${newStart}T00:00:00Z`) + length).toISOString().slice(0, 10);
}

async function checkStatusChange(
  tx: Executor,
  params: {
    activityId: string;
    from: ActivityStatus;
    to: ActivityStatus;
    startsOn: string | null;
    live: number;
    today: string;
  },
) {
  if (params.to === 'done' && params.startsOn && params.startsOn > params.today) {
    throw invalidField(
      'body.status',
      'activity.notYet',
      `Cette activité n'a pas encore eu lieu (prévue le ${frenchDate(params.startsOn)}).`,
    );
  }
  if (params.to === 'cancelled' && params.live > 0) {
    throw conflict(
      'activity.visitLive',
      "Une demande de visite d'ambassadeur est en cours pour cette activité : annulez-la d'abord.",
    );
  }
  if (params.from === 'done' && (await repo.reflectionCountOf(tx, params.activityId)) > 0) {
    throw conflict(
      'activity.reflected',
      'Des élèves ont déjà écrit ce que cette activité leur a apporté : elle reste faite.',
    );
  }
}

/** A visit done: its activity is done too, and enters the passports (once). */
export async function completeActivity(tx: Executor, params: { activityId: string; now: Date }) {
  await repo.markActivityDone(tx, { activityId: params.activityId });
  return repo.recordActivityInPassports(tx, {
    activityId: params.activityId,
    today: parisToday(params.now),
  });
}

export async function removeActivity(
  tx: Executor,
  params: { moduleId: string; activityId: string; userId: string },
) {
  const module = await repo.lockModule(tx, { id: params.moduleId, userId: params.userId });
  if (!module) throw notFound(NOT_FOUND.module);
  const current = await repo.getActivity(tx, params);
  if (!current) throw notFound(NOT_FOUND.activity);
  if ((await repo.liveVisitCount(tx, { activityId: current.id })) > 0) {
    throw conflict(
      'activity.visitLive',
      "Une demande de visite d'ambassadeur est en cours pour cette activité : annulez-la d'abord.",
    );
  }
  if ((await repo.reflectionCountOf(tx, current.id)) > 0) {
    throw conflict(
      'activity.reflected',
      'Des élèves ont déjà écrit ce que cette activité leur a apporté : elle ne peut plus être retirée.',
    );
  }
  await repo.removeActivityFromPassports(tx, { activityId: current.id });
  await repo.deleteActivity(tx, params);
}

export async function reorder(
  tx: Executor,
  params: { moduleId: string; userId: string; activityIds: string[] },
) {
  const module = await repo.lockModule(tx, { id: params.moduleId, userId: params.userId });
  if (!module) throw notFound(NOT_FOUND.module);
  const existing = new Set(await repo.activityIdsOf(tx, module.id));
  const given = new Set(params.activityIds);
  if (
    given.size !== params.activityIds.length ||
    given.size !== existing.size ||
    params.activityIds.some((id) => !existing.has(id))
  ) {
    throw invalidField(
      'body.activityIds',
      'order.incomplete',
      'Donnez chaque activité du module une fois, dans le nouvel ordre.',
    );
  }
  await repo.reorderActivities(tx, { moduleId: module.id, activityIds: params.activityIds });
}

/**
 * A day moved by whole years, then to the nearest day of the same weekday (classes keep their
 * timetable from one year to the next): 2027-03-16 (a Tuesday) + 1 year -> 2028-03-14.
 */
export function shiftByYears(day: string, years: number): string {
  if (years === 0) return day;
  const y = Number(day.slice(0, 4)) + years;
  const m = Number(day.slice(5, 7)) - 1;
  const d = Number(day.slice(8, 10));
  const lastOfMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const moved = Date.UTC(y, m, Math.min(d, lastOfMonth));
  const before = new Date(`${day}T00:00:00Z`).getUTCDay();
  let delta = (before - new Date(moved).getUTCDay() + 7) % 7;
  if (delta > 3) delta -= 7;
  return new Date(moved + delta * DAY_MS).toISOString().slice(0, 10);
}

/** Copies a module and its activities (planned again, no visit, no reflection) for a class. */
export async function copyModule(
  tx: Executor,
  params: { id: string; userId: string; classId: string; title?: string },
) {
  const source = await repo.getModule(tx, { id: params.id, userId: params.userId });
  if (!source) throw notFound(NOT_FOUND.module);
  const target = await repo.getStaffClass(tx, { classId: params.classId, userId: params.userId });
  if (!target || target.schoolId !== source.schoolId) {
    throw invalidField(
      'body.classId',
      'class.unknown',
      "Choisissez une classe de l'établissement du module.",
    );
  }
  const years = target.schoolYear - source.schoolYear;
  const created = await repo.createModule(tx, {
    schoolId: target.schoolId,
    classId: target.id,
    teacherId: params.userId,
    title: params.title ? clean(params.title) || source.title : source.title,
    objectives: source.objectives,
    schoolYear: target.schoolYear,
    copiedFrom: source.id,
  });
  const activities = await repo.listActivities(tx, { moduleId: source.id });
  for (const [i, a] of activities.entries()) {
    await repo.insertActivity(tx, {
      moduleId: created.id,
      position: i + 1,
      kind: a.kind,
      title: a.title,
      description: a.description,
      startsOn: a.startsOn ? shiftByYears(a.startsOn, years) : null,
      endsOn: a.endsOn ? shiftByYears(a.endsOn, years) : null,
    });
  }
  return created;
}

/** The pupil's modules, each with its activities (cancelled ones left out). */
export async function pupilModules(db: Executor, params: { studentId: string }) {
  const rows = await repo.pupilActivities(db, params);
  const modules = new Map<string, PupilModule>();
  for (const r of rows) {
    let module = modules.get(r.moduleId);
    if (!module) {
      module = {
        id: r.moduleId,
        title: r.moduleTitle,
        objectives: r.objectives,
        className: r.className,
        schoolYear: r.schoolYear,
        activities: [],
      };
      modules.set(r.moduleId, module);
    }
    if (!r.hasActivity) continue;
    module.activities.push({
      id: r.id,
      position: r.position,
      kind: r.kind,
      title: r.title,
      description: r.description,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      status: r.status,
      reflection:
        r.reflection !== null && r.reflectionUpdatedAt
          ? { text: r.reflection, updatedAt: r.reflectionUpdatedAt }
          : null,
      canReflect: r.status === 'done',
    });
  }
  return [...modules.values()];
}

export async function writeReflection(
  tx: Executor,
  params: { studentId: string; activityId: string; text: string; now: Date },
) {
  const activity = await repo.getPupilActivity(tx, params);
  if (!activity) throw notFound(NOT_FOUND.pupilActivity);
  if (activity.status !== 'done') {
    throw conflict(
      'activity.notDone',
      'Tu pourras écrire ce que tu retiens de cette activité quand elle aura eu lieu.',
    );
  }
  const text = params.text.trim();
  if (text === '') throw invalidField('body.text', 'minLength', 'Écris au moins quelques mots.');
  const today = parisToday(params.now);
  // The activity itself enters the passport too, for a pupil who joined the class after it.
  await repo.recordActivityInPassports(tx, {
    activityId: activity.id,
    today,
    studentId: params.studentId,
  });
  const row = await repo.saveReflection(tx, {
    studentId: params.studentId,
    activityId: activity.id,
    activityTitle: activity.title,
    text,
    now: params.now,
    today,
  });
  return {
    activityId: activity.id,
    text: row.text,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
