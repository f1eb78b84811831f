import type { VisitAssignmentResult } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'operator', 'school_admin');
  const headOf = me.schoolMemberships
    .filter((m) => m.role === 'school_admin' && m.status === 'active')
    .map((m) => ({ id: m.schoolId, name: m.schoolName }));
  return { isOperator: me.user.roles.includes('operator'), headOf };
};

async function run(event: RequestEvent, dryRun: boolean) {
  requireRole(event.locals, event.url, 'operator', 'school_admin');
  const data = await event.request.formData();
  const result = await attempt(
    () =>
      api(event).post<VisitAssignmentResult>('/api/visit-requests/assign', {
        dryRun,
        schoolId: text(data, 'schoolId') || undefined,
      }),
    formValues(data),
    { form: 'assign' },
  );
  if (!result.ok) return result.failure;
  return { form: 'assign', result: result.value, schoolId: text(data, 'schoolId') };
}

export const actions: Actions = {
  preview: (event) => run(event, true),
  apply: (event) => run(event, false),
};
