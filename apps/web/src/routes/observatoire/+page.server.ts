// The observatory: the figures of a school year for whom is asking (operator: the département,
// head of school: their school, employer: their company), with the communes' map drawn here as
// SVG so the map and its indicator select work without JavaScript.
import type { Observatory } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import {
  communeMap,
  MAP_INDICATORS,
  type MapIndicator,
  type Outlines,
  PUPIL_INDICATORS,
} from './map';
import type { PageServerLoad } from './$types';

/** The school year a day belongs to: from August on, the new one. */
function schoolYearOf(day: Date): number {
  const year = day.getUTCFullYear();
  return day.getUTCMonth() >= 7 ? year : year - 1;
}

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'operator', 'school_admin', 'employer');
  const current = schoolYearOf(new Date());
  const asked = Number(event.url.searchParams.get('annee'));
  const year =
    Number.isInteger(asked) && asked >= current - 5 && asked <= current ? asked : current;
  const client = api(event);
  const [observatory, outlines] = await Promise.all([
    client.get<Observatory>('/api/observatory', { year }),
    client.get<Outlines>('/api/communes/outlines').catch(() => null),
  ]);
  const available = MAP_INDICATORS.filter(
    (i) => observatory.scope.kind !== 'company' || !PUPIL_INDICATORS.includes(i),
  );
  const chosen = event.url.searchParams.get('indicateur') as MapIndicator | null;
  const indicator = chosen && available.includes(chosen) ? chosen : available[0]!;
  return {
    observatory,
    year,
    years: Array.from({ length: 6 }, (_, i) => current - i),
    indicator,
    indicators: available,
    map: outlines ? communeMap(outlines, observatory.communes, indicator) : null,
  };
};
