import { error } from '@sveltejs/kit';
import {
  type AutoTeamsResult,
  type Challenge,
  type ChallengeClassroom,
  ChallengeSkills,
} from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const STAFF = ['teacher', 'school_admin'] as const;
const path = (event: { params: { id: string } }, tail = '') =>
  `/api/challenges/${encodeURIComponent(event.params.id)}${tail}`;

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, ...STAFF);
  const client = api(event);
  try {
    const [challenge, classroom] = await Promise.all([
      client.get<Challenge>(path(event)),
      client.get<ChallengeClassroom>(path(event, '/classroom')),
    ]);
    return { challenge, classroom };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

const t = (event: RequestEvent) => translator(event.locals.locale);

export const actions: Actions = {
  auto: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const data = await event.request.formData();
    const skills: Record<string, string[]> = {};
    for (const id of data.getAll('pupil')) {
      if (typeof id !== 'string') continue;
      skills[id] = ChallengeSkills.filter((s) => data.get(`skill.${id}.${s}`) !== null);
    }
    const teamCount = text(data, 'teamCount');
    const result = await attempt(
      () =>
        api(event).post<AutoTeamsResult>(path(event, '/teams/auto'), {
          seed: text(data, 'seed') || undefined,
          teamCount: teamCount ? Number(teamCount) : undefined,
          schoolId: text(data, 'schoolId') || undefined,
          skills,
        }),
      formValues(data),
      { form: 'auto' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'auto',
      saved: t(event)('challengeTeams.autoDone', {
        count: result.value.classroom.teams.length,
        seed: result.value.seed,
      }),
    };
  },
  create: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post(path(event, '/teams'), {
          enrolmentId: text(data, 'enrolmentId'),
          name: text(data, 'name'),
        }),
      formValues(data),
      { form: 'create' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'create',
      saved: t(event)('challengeTeams.created', { name: text(data, 'name') }),
    };
  },
  place: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const data = await event.request.formData();
    const pupilId = text(data, 'pupilId');
    const result = await attempt(
      () =>
        api(event).put(path(event, `/pupils/${encodeURIComponent(pupilId)}`), {
          teamId: text(data, 'teamId') || null,
        }),
      {},
      { form: 'place' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'place',
      saved: t(event)('challengeTeams.placed', { name: text(data, 'name') }),
    };
  },
  rename: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const data = await event.request.formData();
    const teamId = text(data, 'teamId');
    const result = await attempt(
      () =>
        api(event).patch(path(event, `/teams/${encodeURIComponent(teamId)}`), {
          name: text(data, 'name'),
        }),
      formValues(data),
      { form: `rename-${teamId}` },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'teams',
      saved: t(event)('challengeTeams.renamed', { name: text(data, 'name') }),
    };
  },
  remove: async (event) => {
    requireRole(event.locals, event.url, ...STAFF);
    const data = await event.request.formData();
    const teamId = text(data, 'teamId');
    const result = await attempt(
      () => api(event).delete(path(event, `/teams/${encodeURIComponent(teamId)}`)),
      {},
      { form: 'teams' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'teams',
      saved: t(event)('challengeTeams.removed', { name: text(data, 'name') }),
    };
  },
};
