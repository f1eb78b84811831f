// The agreements of a publication, made set-based: the same rows createAgreementForApplication
// (modules/agreements/service.ts) makes for one confirmed application — the agreement prefilled
// from the school, class teacher, offer and period, the 'agreement.created' notice to the pupil,
// the referent teacher, the heads of school and the host's employers, and the audit entry — but
// for thousands at once, in three statements per slice instead of nine per pupil. A département
// publication (about 20,000 pupils) needs it to fit in seconds, not minutes; a test creates one
// agreement each way from identical applications and checks that the rows are the same, so the
// two cannot drift apart unnoticed.
import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '@tremplin/db';
import { conflict } from '../../lib/problem.js';
import { DEFAULT_PRACTICAL_ANNEX } from '../agreements/service.js';

const SLICE = 5000;

/** Creates the agreements of these confirmed applications (skipping any that has one). */
export async function createCampaignAgreements(
  tx: Executor,
  params: { applicationIds: string[] },
): Promise<number> {
  let made = 0;
  for (let i = 0; i < params.applicationIds.length; i += SLICE) {
    const ids = params.applicationIds.slice(i, i + SLICE);
    const [homeless] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from applications a
        left join students s on s.user_id = a.student_id
        where a.id in ${ids} and s.school_id is null`,
    );
    if (homeless!.n > 0) {
      throw conflict(
        'agreement.noSchool',
        "L'élève n'est rattaché à aucun établissement : la convention ne peut pas être préparée. L'établissement doit d'abord inscrire l'élève.",
      );
    }
    const created = await queryRows<{ id: string }>(
      tx,
      sql`insert into agreements (application_id, school_id, company_id, student_id,
          referent_teacher_id, teaching_annex, practical_annex)
        select a.id, s.school_id, o.company_id, a.student_id, c.teacher_id,
          jsonb_build_object(
            'referentTeacherName', coalesce(t.display_name, ''),
            'tutorName', o.tutor_name,
            'tutorRole', o.tutor_role,
            'startDate', p.start_date::text,
            'endDate', p.end_date::text,
            'dailyHours', o.schedule,
            'objectives', regexp_replace(
              'Découvrir le monde professionnel et un métier par l''observation. ' || o.description,
              '^\\s+|\\s+$', '', 'g')),
          ${JSON.stringify(DEFAULT_PRACTICAL_ANNEX)}::jsonb
        from applications a
        join offers o on o.id = a.offer_id
        join offer_periods p on p.id = a.period_id
        join students s on s.user_id = a.student_id
        left join classes c on c.id = s.class_id
        left join users t on t.id = c.teacher_id
        where a.id in ${ids}
          and not exists (select 1 from agreements g where g.application_id = a.id)
        returning id`,
    );
    if (created.length === 0) continue;
    const agreementIds = created.map((c) => c.id);
    await queryRows(
      tx,
      sql`insert into notifications (user_id, kind, data, link)
        select audience.user_id, 'agreement.created',
          jsonb_build_object('pupilName', s.first_name || ' ' || s.last_name,
            'offerTitle', o.title, 'startDate', p.start_date::text),
          '/conventions/' || g.id
        from agreements g
        join applications a on a.id = g.application_id
        join offers o on o.id = a.offer_id
        join offer_periods p on p.id = a.period_id
        join students s on s.user_id = g.student_id
        cross join lateral (
          select g.student_id as user_id
          union select g.referent_teacher_id where g.referent_teacher_id is not null
          union select m.user_id from school_memberships m
            where m.school_id = g.school_id and m.role = 'school_admin' and m.status = 'active'
          union select m.user_id from company_memberships m
            where m.company_id = g.company_id and m.role = 'employer' and m.status = 'active'
        ) audience
        where g.id in ${agreementIds}`,
    );
    await queryRows(
      tx,
      sql`insert into audit_log (actor_id, action, subject_type, subject_id, data)
        select null, 'agreement.created', 'agreement', g.id::text,
          jsonb_build_object('applicationId', g.application_id)
        from agreements g where g.id in ${agreementIds}`,
    );
    made += created.length;
  }
  return made;
}
