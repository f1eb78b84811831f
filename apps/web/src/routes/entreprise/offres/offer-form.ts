// The offer form, server side: form fields -> the API's body, and the API's field paths
// ("schedule.2.end", "periods.1", "tradeCodes.0") -> the form's field names ("day.3.end",
// "periods.4", "trade.0"), so each rule breach is shown beside the field it is about.
import { fail } from '@sveltejs/kit';
import type { Offer, SchoolLevel } from '@tremplin/contracts';
import { ApiError } from '$lib/server/api';

export const LEVELS: SchoolLevel[] = ['3e', '4e', '2de', 'pro'];
export const TRADE_INPUTS = 3;

/** Which form row each item of the body's arrays came from. */
export interface FormMaps {
  /** schedule[i] is the weekday maps.schedule[i]. */
  schedule: number[];
  /** periods[i] is the form row maps.periods[i]. */
  periods: number[];
  /** tradeCodes[i] is the input maps.trades[i]. */
  trades: number[];
}

function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads the offer form; blank period rows and unticked days are left out. */
export function readOfferForm(data: FormData) {
  const values: Record<string, string> = {};
  for (const [key, value] of data.entries()) {
    if (typeof value === 'string') values[key] = value;
  }
  const maps: FormMaps = { schedule: [], periods: [], trades: [] };

  const tradeCodes: string[] = [];
  for (let i = 0; i < TRADE_INPUTS; i++) {
    const raw = text(data, `trade.${i}`).toUpperCase();
    if (!raw) continue;
    tradeCodes.push(/^[A-N]\d{4}/.exec(raw)?.[0] ?? raw.slice(0, 5));
    maps.trades.push(i);
  }

  const levels = LEVELS.filter((level) => data.get(`level.${level}`) !== null);

  const schedule = [];
  for (let day = 1; day <= 7; day++) {
    if (data.get(`day.${day}.on`) === null) continue;
    const breakStart = text(data, `day.${day}.breakStart`);
    const breakEnd = text(data, `day.${day}.breakEnd`);
    schedule.push({
      day,
      start: text(data, `day.${day}.start`),
      end: text(data, `day.${day}.end`),
      breaks: breakStart || breakEnd ? [{ start: breakStart, end: breakEnd }] : [],
    });
    maps.schedule.push(day);
  }

  const rows = [
    ...new Set(
      [...data.keys()]
        .map((key) => /^periods\.(\d+)\./.exec(key)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
  const periods = [];
  for (const row of rows) {
    const get = (name: string) => text(data, `periods.${row}.${name}`);
    if (!get('startDate') && !get('endDate') && !get('seats') && !get('id')) continue;
    const reservedUntil = get('reservedUntil');
    periods.push({
      ...(get('id') ? { id: get('id') } : {}),
      startDate: get('startDate'),
      endDate: get('endDate'),
      seats: get('seats') === '' ? 0 : Number(get('seats')),
      reservedSeats: get('reservedSeats') === '' ? 0 : Number(get('reservedSeats')),
      reservedUntil: reservedUntil || null,
    });
    maps.periods.push(row);
  }

  const communeCode = text(data, 'communeCode');
  const companyId = text(data, 'companyId');
  const body = {
    ...(companyId ? { companyId } : {}),
    title: text(data, 'title'),
    description: text(data, 'description'),
    tradeCodes,
    levels,
    periods,
    address: text(data, 'address'),
    ...(communeCode ? { communeCode } : {}),
    accessible: data.get('accessible') !== null,
    schedule,
    tutorName: text(data, 'tutorName'),
    tutorRole: text(data, 'tutorRole'),
    tutorEmail: text(data, 'tutorEmail') || null,
  };
  return { body, values, maps };
}

/** The maps of an offer as stored (schedule in its order, periods as the API lists them). */
export function storedMaps(offer: Offer): FormMaps {
  return {
    schedule: offer.schedule.map((d) => d.day),
    periods: offer.periods.map((_, i) => i),
    trades: offer.tradeCodes.map((_, i) => i),
  };
}

/** One API field path as the form's field name. */
export function formField(path: string, maps: FormMaps): string {
  const field = path.replace(/^(body|query|params)\./, '');
  let m = /^schedule\.(\d+)(?:\.(\w+))?/.exec(field);
  if (m) {
    const day = maps.schedule[Number(m[1])] ?? Number(m[1]) + 1;
    const part = m[2];
    if (!part) return `day.${day}`;
    if (part === 'breaks') return `day.${day}.breakStart`;
    if (part === 'day') return `day.${day}`;
    return `day.${day}.${part}`;
  }
  m = /^periods\.(\d+)(\..+)?$/.exec(field);
  if (m) return `periods.${maps.periods[Number(m[1])] ?? m[1]}${m[2] ?? ''}`;
  m = /^tradeCodes(?:\.(\d+))?$/.exec(field);
  if (m) return `trade.${m[1] === undefined ? 0 : (maps.trades[Number(m[1])] ?? m[1])}`;
  return field;
}

/** All the API's messages per form field (several rules can be broken on one field). */
export function formErrors(error: ApiError, maps: FormMaps): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) {
    const name = formField(e.field, maps);
    out[name] = out[name] ? `${out[name]} ${e.message}` : e.message;
  }
  return out;
}

/** Runs an API call of the offer form; an API refusal becomes `fail()` with the form's fields. */
export async function attemptOffer<T>(
  run: () => Promise<T>,
  values: Record<string, string>,
  maps: FormMaps,
  form = 'offer',
) {
  try {
    return { ok: true as const, value: await run() };
  } catch (error) {
    if (error instanceof ApiError) {
      return {
        ok: false as const,
        failure: fail(error.status < 500 ? error.status : 503, {
          form,
          message: error.problem.detail,
          errors: error.status < 500 ? formErrors(error, maps) : {},
          values,
        }),
      };
    }
    throw error;
  }
}

/** The form's initial values for an existing offer (or a new one: a legal default week). */
export function initialValues(offer?: Offer): Record<string, string> {
  const v: Record<string, string> = {};
  if (!offer) {
    for (let day = 1; day <= 5; day++) {
      v[`day.${day}.on`] = 'on';
      v[`day.${day}.start`] = '09:00';
      v[`day.${day}.end`] = '17:00';
      v[`day.${day}.breakStart`] = '12:00';
      v[`day.${day}.breakEnd`] = '13:00';
    }
    v['level.3e'] = 'on';
    return v;
  }
  v.title = offer.title;
  v.description = offer.description;
  offer.tradeCodes.forEach((code, i) => (v[`trade.${i}`] = code));
  for (const level of offer.levels) v[`level.${level}`] = 'on';
  offer.periods.forEach((p, i) => {
    v[`periods.${i}.id`] = p.id;
    v[`periods.${i}.startDate`] = p.startDate;
    v[`periods.${i}.endDate`] = p.endDate;
    v[`periods.${i}.seats`] = String(p.seats);
    v[`periods.${i}.reservedSeats`] = String(p.reservedSeats);
    v[`periods.${i}.reservedUntil`] = p.reservedUntil ?? '';
  });
  v.address = offer.address;
  v.communeCode = offer.communeCode;
  if (offer.accessible) v.accessible = 'on';
  for (const d of offer.schedule) {
    v[`day.${d.day}.on`] = 'on';
    v[`day.${d.day}.start`] = d.start;
    v[`day.${d.day}.end`] = d.end;
    v[`day.${d.day}.breakStart`] = d.breaks[0]?.start ?? '';
    v[`day.${d.day}.breakEnd`] = d.breaks[0]?.end ?? '';
  }
  v.tutorName = offer.tutorName;
  v.tutorRole = offer.tutorRole;
  v.tutorEmail = offer.tutorEmail ?? '';
  return v;
}
