import type { AmbassadorProfile } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'operator', 'employer');
  const client = api(event);
  const [pending, verified] = await Promise.all([
    client.get<AmbassadorProfile[]>('/api/ambassadors/verification', { status: 'pending' }),
    client.get<AmbassadorProfile[]>('/api/ambassadors/verification', { status: 'verified' }),
  ]);
  return { pending, verified, isOperator: me.user.roles.includes('operator') };
};

async function decide(event: RequestEvent, verify: boolean) {
  requireRole(event.locals, event.url, 'operator', 'employer');
  const data = await event.request.formData();
  const id = text(data, 'userId');
  const result = await attempt(
    () =>
      api(event).post<AmbassadorProfile>(
        `/api/ambassadors/${encodeURIComponent(id)}/${verify ? 'verify' : 'unverify'}`,
      ),
    {},
    { form: 'decide' },
  );
  if (!result.ok) return result.failure;
  return {
    form: 'decide',
    saved: translator(event.locals.locale)(
      verify ? 'verification.verifiedDone' : 'verification.unverifiedDone',
      { name: result.value.displayName },
    ),
  };
}

export const actions: Actions = {
  verify: (event) => decide(event, true),
  unverify: (event) => decide(event, false),
};
