// The challenge form, server side: form fields -> the API's body, and the API's field paths
// ("rubric.2.max", "tradeCodes.0", "submissionDeadline") -> the form's field names ("rubric.4.max",
// "trade.1", "deadlineDate"), so each problem is shown beside the field it is about.
import { fail } from '@sveltejs/kit';
import {
  type Challenge,
  type CreateChallengeBody,
  type SchoolLevel,
  SchoolLevels,
} from '@tremplin/contracts';
import { ApiError } from '$lib/server/api';
import { parisParts, parisToIso } from './format';

export const TRADE_INPUTS = 3;
export const RUBRIC_ROWS_MAX = 10;

function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

const number = (raw: string) => (raw === '' ? Number.NaN : Number(raw.replace(',', '.')));

export interface FormMaps {
  trades: number[];
  rubric: number[];
}

/** Reads the form; blank trade inputs and blank rubric rows are left out. */
export function readChallengeForm(data: FormData) {
  const values: Record<string, string> = {};
  for (const [key, value] of data.entries()) if (typeof value === 'string') values[key] = value;
  const maps: FormMaps = { trades: [], rubric: [] };
  const tradeCodes: string[] = [];
  for (let i = 0; i < TRADE_INPUTS; i++) {
    const raw = text(data, `trade.${i}`).toUpperCase();
    if (!raw) continue;
    tradeCodes.push(/^[A-N]\d{4}/.exec(raw)?.[0] ?? raw.slice(0, 5));
    maps.trades.push(i);
  }
  const levels = SchoolLevels.filter((l) => data.get(`level.${l}`) !== null) as SchoolLevel[];
  const rows = [
    ...new Set(
      [...data.keys()]
        .map((key) => /^rubric\.(\d+)\./.exec(key)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
  const rubric = [];
  for (const row of rows) {
    const get = (name: string) => text(data, `rubric.${row}.${name}`);
    if (!get('label') && !get('weight') && !get('max')) continue;
    rubric.push({ label: get('label'), weight: number(get('weight')), max: number(get('max')) });
    maps.rubric.push(row);
  }
  const body: Omit<CreateChallengeBody, 'companyId'> & { companyId?: string } = {
    title: text(data, 'title'),
    brief: text(data, 'brief'),
    tradeCodes,
    levels,
    launchOn: text(data, 'launchOn'),
    submissionDeadline: parisToIso(text(data, 'deadlineDate'), text(data, 'deadlineTime')) ?? '',
    juryOn: text(data, 'juryOn'),
    teamMin: number(text(data, 'teamMin')),
    teamMax: number(text(data, 'teamMax')),
    maxTeams: number(text(data, 'maxTeams')),
    prizes: text(data, 'prizes'),
    rubric,
  };
  const companyId = text(data, 'companyId');
  if (companyId) body.companyId = companyId;
  return { body, values, maps };
}

/** The form field an API error is about. */
export function formField(apiField: string, maps: FormMaps): string {
  const field = apiField.replace(/^body\./, '');
  let m = /^tradeCodes\.(\d+)$/.exec(field);
  if (m) return `trade.${maps.trades[Number(m[1])] ?? 0}`;
  m = /^rubric\.(\d+)(\.\w+)?$/.exec(field);
  if (m) return `rubric.${maps.rubric[Number(m[1])] ?? Number(m[1])}${m[2] ?? ''}`;
  if (field === 'submissionDeadline') return 'deadlineDate';
  if (field.startsWith('levels')) return 'levels';
  if (field.startsWith('tradeCodes')) return 'trade.0';
  return field;
}

/** Runs the API call; its problems come back as form failures named after the form's fields. */
export async function attemptChallenge<T>(
  run: () => Promise<T>,
  values: Record<string, string>,
  maps: FormMaps,
) {
  try {
    return { ok: true as const, value: await run() };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const errors: Record<string, string> = {};
    for (const e of error.problem.errors ?? []) errors[formField(e.field, maps)] ??= e.message;
    return {
      ok: false as const,
      failure: fail(error.status < 500 ? error.status : 503, {
        message: error.problem.detail,
        errors,
        values,
      }),
    };
  }
}

/** The form's values for a new challenge: sensible defaults. */
export function initialValues(): Record<string, string> {
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return {
    'level.3e': 'on',
    launchOn: day(7),
    deadlineDate: day(49),
    deadlineTime: '17:00',
    juryOn: day(56),
    teamMin: '3',
    teamMax: '5',
    maxTeams: '20',
    'rubric.0.label': 'Originalité',
    'rubric.0.weight': '2',
    'rubric.0.max': '10',
    'rubric.1.label': 'Faisabilité',
    'rubric.1.weight': '2',
    'rubric.1.max': '10',
    'rubric.2.label': 'Présentation',
    'rubric.2.weight': '1',
    'rubric.2.max': '10',
  };
}

/** The form's values for an existing challenge. */
export function valuesOf(c: Challenge): Record<string, string> {
  const deadline = parisParts(c.submissionDeadline);
  const values: Record<string, string> = {
    title: c.title,
    brief: c.brief,
    launchOn: c.launchOn,
    deadlineDate: deadline.date,
    deadlineTime: deadline.time,
    juryOn: c.juryOn,
    teamMin: String(c.teamMin),
    teamMax: String(c.teamMax),
    maxTeams: String(c.maxTeams),
    prizes: c.prizes,
  };
  c.levels.forEach((l) => (values[`level.${l}`] = 'on'));
  c.tradeCodes.forEach((code, i) => (values[`trade.${i}`] = code));
  c.rubric.forEach((r, i) => {
    values[`rubric.${i}.label`] = r.label;
    values[`rubric.${i}.weight`] = String(r.weight);
    values[`rubric.${i}.max`] = String(r.max);
  });
  return values;
}
