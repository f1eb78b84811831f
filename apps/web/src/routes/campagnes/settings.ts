// A campaign's settings between the form and the API: read and checked from the posted fields
// (times typed in Paris time), written back into the form from a campaign, and the API's field
// names mapped onto the form's.
import type { CampaignSummary, SchoolLevel } from '@tremplin/contracts';
import { SchoolLevels } from '@tremplin/contracts';
import type { Translate } from '$lib/i18n';
import { isoToParisLocal, parisLocalToIso } from './format';

export type FormValues = Record<string, string | string[]>;

export interface Settings {
  name: string;
  levels: SchoolLevel[];
  opensAt: string;
  closesAt: string;
  maxWishes: number;
  policy: {
    priorityClasses: boolean;
    reservedShare: number;
    reservePrecedence: 'reserved-first' | 'open-first';
  };
}

const field = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

/** The posted settings, or the fields to fix. Numbers the API would refuse are left to it. */
export function readSettings(
  data: FormData,
  t: Translate,
): { settings: Settings | null; values: FormValues; errors: Record<string, string> } {
  const levels = data
    .getAll('levels')
    .filter((l): l is SchoolLevel => (SchoolLevels as readonly unknown[]).includes(l));
  const values: FormValues = {
    name: field(data, 'name'),
    levels,
    schoolId: field(data, 'schoolId'),
    opensAt: field(data, 'opensAt'),
    closesAt: field(data, 'closesAt'),
    maxWishes: field(data, 'maxWishes'),
    priorityClasses: field(data, 'priorityClasses') === 'on' ? 'on' : '',
    reservedShare: field(data, 'reservedShare'),
    reservePrecedence: field(data, 'reservePrecedence'),
  };
  const errors: Record<string, string> = {};
  const opensAt = parisLocalToIso(values.opensAt as string);
  const closesAt = parisLocalToIso(values.closesAt as string);
  if (!opensAt) errors.opensAt = t('campaigns.form.invalidDate');
  if (!closesAt) errors.closesAt = t('campaigns.form.invalidDate');
  const share = Number(values.reservedShare || '0');
  if (!opensAt || !closesAt) return { settings: null, values, errors };
  return {
    settings: {
      name: values.name as string,
      levels,
      opensAt,
      closesAt,
      maxWishes: Number(values.maxWishes),
      policy: {
        priorityClasses: values.priorityClasses === 'on',
        reservedShare: Number.isFinite(share) ? share / 100 : Number.NaN,
        reservePrecedence:
          values.reservePrecedence === 'open-first' ? 'open-first' : 'reserved-first',
      },
    },
    values,
    errors,
  };
}

/** A campaign's settings as the form shows them. */
export function settingsValues(c: CampaignSummary): FormValues {
  return {
    name: c.name,
    levels: c.levels,
    schoolId: c.schoolId ?? '',
    opensAt: isoToParisLocal(c.opensAt),
    closesAt: isoToParisLocal(c.closesAt),
    maxWishes: String(c.maxWishes),
    priorityClasses: c.policy.priorityClasses ? 'on' : '',
    reservedShare: String(Math.round(c.policy.reservedShare * 100)),
    reservePrecedence: c.policy.reservePrecedence,
  };
}

/** The API names fields after its body ("policy.reservedShare"); the form after its inputs. */
export function formErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, message] of Object.entries(errors)) {
    const key = name.startsWith('policy.')
      ? name.slice('policy.'.length)
      : name.replace(/\.\d+$/, '');
    out[key] ??= message;
  }
  return out;
}
