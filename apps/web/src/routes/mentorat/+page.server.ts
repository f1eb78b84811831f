import type {
  ConsentToRecord,
  MenteeRequest,
  MentorProfile,
  MentorshipSummary,
  MessageReport,
  Proposal,
} from '@tremplin/contracts';
import { api, ApiError } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

/** A profile that does not exist yet is no error: the page offers to create it. */
async function orNull<T>(run: Promise<T>): Promise<T | null> {
  try {
    return await run;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export const load: PageServerLoad = async (event) => {
  const me = requireRole(
    event.locals,
    event.url,
    'student',
    'mentor',
    'teacher',
    'school_admin',
    'operator',
  );
  const client = api(event);
  const has = (role: (typeof me.user.roles)[number]) => me.user.roles.includes(role);
  const [requests, profile, proposals, mentorships, reports, consents] = await Promise.all([
    has('student')
      ? client.get<MenteeRequest[]>('/api/mentoring/requests/mine')
      : Promise.resolve([]),
    has('mentor')
      ? orNull(client.get<MentorProfile>('/api/mentoring/mentor-profile'))
      : Promise.resolve(null),
    has('mentor')
      ? client.get<Proposal[]>('/api/mentoring/proposals', { status: 'proposed' })
      : Promise.resolve([]),
    has('student') || has('mentor')
      ? client.get<MentorshipSummary[]>('/api/mentoring/mentorships')
      : Promise.resolve([]),
    has('operator') ? client.get<MessageReport[]>('/api/mentoring/reports') : Promise.resolve([]),
    has('teacher') || has('school_admin')
      ? client.get<ConsentToRecord[]>('/api/mentoring/consents')
      : Promise.resolve([]),
  ]);
  const current =
    requests.find(
      (r) => r.status === 'open' || r.status === 'proposed' || r.status === 'matched',
    ) ?? null;
  return {
    current,
    profile,
    waiting: proposals.length,
    mentorships,
    reports: reports.length,
    consents: consents.length,
  };
};
