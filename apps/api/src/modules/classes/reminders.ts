// "No pupil without a stage": while there is still time, the teacher of a class hears how many of
// its pupils have no confirmed stage, 28, 14 and 7 days before the school's next stage weeks for
// the class's level. Run daily; each class hears once per threshold and per stage week.
import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '@tremplin/db';
import { notify, queueMail } from '../notifications/repository.js';
import { daysBetween, frenchDate, parisToday, schoolYearBounds, schoolYearOf } from './calendar.js';

export const REMINDER_DAYS = [7, 14, 28] as const;
export const UNPLACED_KIND = 'class.unplaced';

interface Candidate {
  classId: string;
  className: string;
  teacherId: string;
  email: string | null;
  locale: string;
  weekId: string;
  startDate: string;
  unplaced: number;
}

export async function remindUnplacedPupils(
  db: Executor,
  params: { now: Date; webUrl: string },
): Promise<{ sent: number }> {
  const today = parisToday(params.now);
  const schoolYear = schoolYearOf(today);
  const { start, end } = schoolYearBounds(schoolYear);
  const horizon = Math.max(...REMINDER_DAYS);
  const candidates = await queryRows<Candidate>(
    db,
    sql`
    select c.id as "classId", c.name as "className", c.teacher_id as "teacherId", u.email,
      u.locale, w.id as "weekId", w.start_date::text as "startDate",
      (select count(*) from students s where s.class_id = c.id and not exists (
         select 1 from applications ap join offer_periods p on p.id = ap.period_id
         where ap.student_id = s.user_id and ap.status = 'confirmed'
           and p.start_date between ${start} and ${end}))::int as unplaced
    from classes c
    join users u on u.id = c.teacher_id and u.status = 'active'
    join lateral (
      select sw.id, sw.start_date from stage_weeks sw
      where sw.school_id = c.school_id and sw.level = c.level and sw.start_date > ${today}::date
      order by sw.start_date limit 1
    ) w on true
    where c.school_year = ${schoolYear}
      and exists (select 1 from school_memberships m
        where m.user_id = c.teacher_id and m.school_id = c.school_id and m.status = 'active')
      and w.start_date <= ${today}::date + ${horizon}::int`,
  );
  let sent = 0;
  for (const c of candidates) {
    if (c.unplaced === 0) continue;
    const daysLeft = daysBetween(today, c.startDate);
    const threshold = REMINDER_DAYS.find((d) => daysLeft <= d);
    if (threshold === undefined) continue;
    const done = await db.transaction(async (tx) => {
      // Stops a second run (or a second API instance) from sending the same reminder.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`unplaced:${c.classId}:${c.weekId}`}))`,
      );
      const [already] = await queryRows<{ id: string }>(
        tx,
        sql`select id from notifications
            where user_id = ${c.teacherId} and kind = ${UNPLACED_KIND}
              and data->>'classId' = ${c.classId} and data->>'weekId' = ${c.weekId}
              and (data->>'threshold')::int <= ${threshold}
            limit 1`,
      );
      if (already) return false;
      const link = `/classes/${c.classId}`;
      await notify(tx, {
        userId: c.teacherId,
        kind: UNPLACED_KIND,
        link,
        data: {
          classId: c.classId,
          className: c.className,
          weekId: c.weekId,
          startDate: c.startDate,
          daysLeft,
          threshold,
          unplaced: c.unplaced,
        },
      });
      if (c.email) {
        const english = c.locale === 'en';
        await queueMail(tx, {
          to: c.email,
          subject: english
            ? `${c.className}: ${c.unplaced} pupil(s) without a stage, ${daysLeft} days before the stage weeks`
            : `${c.className} : ${c.unplaced} élève(s) sans stage à ${daysLeft} jours des semaines de stage`,
          text: english
            ? `Hello,\n\nThe stage weeks of ${c.className} start on ${frenchDate(c.startDate)}, in ${daysLeft} days. ${c.unplaced} pupil(s) of the class have no confirmed stage yet.\n\nSee who needs help: ${params.webUrl.replace(/\/+$/, '')}${link}\n\nTremplin`
            : `Bonjour,\n\nLes semaines de stage de la classe ${c.className} commencent le ${frenchDate(c.startDate)}, dans ${daysLeft} jours. ${c.unplaced} élève(s) de la classe n'ont pas encore de stage confirmé.\n\nVoir qui a besoin d'aide : ${params.webUrl.replace(/\/+$/, '')}${link}\n\nTremplin`,
        });
      }
      return true;
    });
    if (done) sent++;
  }
  return { sent };
}
