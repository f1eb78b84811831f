// The law on pupils' observation stages, as pure functions: a minor's weekly schedule (daily and
// weekly hours, working window, breaks, daily and weekly rest) and the periods allowed for each
// school level (3e/4e: five days of school time; 2de: the last two weeks of June). Every breach is
// returned, never thrown, as `{ field, code, message }` with a French message that names the rule,
// so an API can answer 400 with all of them at once. No I/O: school holidays come in as data.
// Used by offers (publication) and agreements (the agreement's hours).

export interface RuleBreach {
  /** Dotted path of the field at fault, e.g. "schedule.0.end" (the caller may prefix "body."). */
  field: string;
  /** Stable machine code, e.g. "schedule.dailyHours". */
  code: string;
  /** What is wrong and which rule it breaks, in French. */
  message: string;
}

export interface TimeRange {
  /** "HH:MM" */
  start: string;
  end: string;
}

/** One day of a weekly schedule: presence from start to end, minus the breaks. */
export interface ScheduleDay extends TimeRange {
  /** 1 = Monday … 7 = Sunday. */
  day: number;
  breaks: TimeRange[];
}

export interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  startDate: string;
  endDate: string;
}

export interface SchoolHoliday extends DateRange {
  label: string;
}

export type StageLevel = '4e' | '3e' | '2de' | 'pro';

/** Limits for a minor (Code du travail, L3162-1 to L3164-2, applied to observation stages). */
export const MINOR_LIMITS = {
  dailyMinutes: 7 * 60,
  weeklyMinutes: 35 * 60,
  earliest: 6 * 60,
  latest: 20 * 60,
  /** Longest stretch of work before a break of breakMinutes is due. */
  continuousMinutes: 4 * 60 + 30,
  breakMinutes: 30,
  dailyRestMinutes: 14 * 60,
} as const;

export const DAY_NAMES = [
  '',
  'lundi',
  'mardi',
  'mercredi',
  'jeudi',
  'vendredi',
  'samedi',
  'dimanche',
] as const;

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const dayName = (day: number) => DAY_NAMES[day] ?? `jour ${day}`;

// --- times and dates ------------------------------------------------------------------------------

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of "HH:MM", or null when it is not a time. */
export function minutesOf(time: string): number | null {
  const match = TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** "7 h", "7 h 30", "45 min". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

const formatClock = (minutes: number) =>
  `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`.replace(/ h 00$/, ' h');

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date, or null when it is not one. */
export function dayNumber(iso: string): number | null {
  const match = ISO_DATE.exec(iso);
  if (!match) return null;
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(m) - 1) return null;
  return ms / DAY_MS;
}

export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** "08/02/2027" */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

// --- French public holidays -----------------------------------------------------------------------

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The eleven public holidays of metropolitan France in a year (plus Easter and Whit Sundays). */
export function publicHolidays(year: number): { date: string; label: string }[] {
  const easter = dayNumber(easterSunday(year))!;
  const fixed = (md: string, label: string) => ({ date: `${year}-${md}`, label });
  return [
    fixed('01-01', "Jour de l'an"),
    { date: isoOf(easter), label: 'Pâques' },
    { date: isoOf(easter + 1), label: 'Lundi de Pâques' },
    fixed('05-01', 'Fête du travail'),
    fixed('05-08', 'Victoire 1945'),
    { date: isoOf(easter + 39), label: 'Ascension' },
    { date: isoOf(easter + 49), label: 'Pentecôte' },
    { date: isoOf(easter + 50), label: 'Lundi de Pentecôte' },
    fixed('07-14', 'Fête nationale'),
    fixed('08-15', 'Assomption'),
    fixed('11-01', 'Toussaint'),
    fixed('11-11', 'Armistice 1918'),
    fixed('12-25', 'Noël'),
  ].sort((x, y) => x.date.localeCompare(y.date));
}

const holidayCache = new Map<number, Map<string, string>>();

/** The public holiday's name on that date, or undefined. */
export function publicHolidayOn(iso: string): string | undefined {
  const year = Number(iso.slice(0, 4));
  let map = holidayCache.get(year);
  if (!map) {
    map = new Map(publicHolidays(year).map((h) => [h.date, h.label]));
    holidayCache.set(year, map);
  }
  return map.get(iso);
}

/** The two Monday–Friday weeks that end on the last Friday of June: the 2de stage weeks. */
export function lastTwoWeeksOfJune(year: number): { first: DateRange; second: DateRange } {
  let lastFriday = dayNumber(`${year}-06-30`)!;
  while (weekdayOf(lastFriday) !== 5) lastFriday--;
  return {
    first: { startDate: isoOf(lastFriday - 11), endDate: isoOf(lastFriday - 7) },
    second: { startDate: isoOf(lastFriday - 4), endDate: isoOf(lastFriday) },
  };
}

// --- the schedule ---------------------------------------------------------------------------------

/** Minutes worked on a day: presence minus breaks (0 when the times do not parse). */
export function dailyWorkMinutes(day: ScheduleDay): number {
  const start = minutesOf(day.start);
  const end = minutesOf(day.end);
  if (start === null || end === null || end <= start) return 0;
  let work = end - start;
  for (const b of day.breaks) {
    const from = minutesOf(b.start);
    const to = minutesOf(b.end);
    if (from === null || to === null) continue;
    work -= Math.max(0, Math.min(to, end) - Math.max(from, start));
  }
  return Math.max(0, work);
}

export function weeklyWorkMinutes(schedule: readonly ScheduleDay[]): number {
  return schedule.reduce((sum, day) => sum + dailyWorkMinutes(day), 0);
}

/**
 * Every breach of a minor's weekly schedule. `field` prefixes the paths (default "schedule"), so
 * that "schedule.2.end" points at the third day's end time.
 */
export function checkSchedule(
  schedule: readonly ScheduleDay[],
  options: { field?: string } = {},
): RuleBreach[] {
  const base = options.field ?? 'schedule';
  const breaches: RuleBreach[] = [];
  const add = (field: string, code: string, message: string) =>
    breaches.push({ field, code, message });
  if (schedule.length === 0) {
    add(base, 'schedule.empty', 'Indiquez au moins un jour de présence dans la semaine.');
    return breaches;
  }

  const seen = new Set<number>();
  /** Days whose times parse and are in order, for the rest rules. */
  const valid = new Map<number, { start: number; end: number }>();
  schedule.forEach((day, i) => {
    const at = `${base}.${i}`;
    if (!Number.isInteger(day.day) || day.day < 1 || day.day > 7) {
      add(`${at}.day`, 'schedule.day', 'Le jour doit être un nombre de 1 (lundi) à 7 (dimanche).');
      return;
    }
    const name = capitalised(dayName(day.day));
    if (seen.has(day.day)) {
      add(`${at}.day`, 'schedule.dayTwice', `${name} figure deux fois dans les horaires.`);
      return;
    }
    seen.add(day.day);
    const start = minutesOf(day.start);
    const end = minutesOf(day.end);
    if (start === null) add(`${at}.start`, 'schedule.time', `${name} : heure de début invalide.`);
    if (end === null) add(`${at}.end`, 'schedule.time', `${name} : heure de fin invalide.`);
    if (start === null || end === null) return;
    if (end <= start) {
      add(`${at}.end`, 'schedule.order', `${name} : l'heure de fin doit suivre l'heure de début.`);
      return;
    }
    if (start < MINOR_LIMITS.earliest) {
      add(
        `${at}.start`,
        'schedule.tooEarly',
        `${name} : début à ${formatClock(start)}, avant 6 h ; un mineur ne travaille ni avant 6 h ni après 20 h.`,
      );
    }
    if (end > MINOR_LIMITS.latest) {
      add(
        `${at}.end`,
        'schedule.tooLate',
        `${name} : fin à ${formatClock(end)}, après 20 h ; un mineur ne travaille ni avant 6 h ni après 20 h.`,
      );
    }

    // Breaks: inside the day, in order, not overlapping.
    const breaks: { from: number; to: number }[] = [];
    let breaksValid = true;
    day.breaks.forEach((b, j) => {
      const from = minutesOf(b.start);
      const to = minutesOf(b.end);
      const bAt = `${at}.breaks.${j}`;
      if (from === null || to === null || to <= from) {
        add(bAt, 'schedule.breakOrder', `${name} : la pause doit avoir un début et une fin.`);
        breaksValid = false;
      } else if (from < start || to > end) {
        add(
          bAt,
          'schedule.breakOutside',
          `${name} : la pause de ${b.start} à ${b.end} sort des horaires de présence.`,
        );
        breaksValid = false;
      } else {
        breaks.push({ from, to });
      }
    });
    breaks.sort((x, y) => x.from - y.from);
    for (let j = 1; j < breaks.length; j++) {
      if (breaks[j]!.from < breaks[j - 1]!.to) {
        add(`${at}.breaks`, 'schedule.breakOverlap', `${name} : deux pauses se chevauchent.`);
        breaksValid = false;
        break;
      }
    }
    valid.set(day.day, { start, end });
    if (!breaksValid) return;

    const work = dailyWorkMinutes(day);
    if (work > MINOR_LIMITS.dailyMinutes) {
      const what = breaks.length === 0 ? 'de présence' : 'de travail, pauses déduites';
      add(
        at,
        'schedule.dailyHours',
        `${name} : ${formatDuration(work)} ${what}, au-delà des 7 h par jour autorisées pour un mineur.`,
      );
    }
    // Only a break of 30 minutes or more interrupts a stretch of work (shorter ones do not count).
    let stretch = 0;
    let longest = 0;
    let cursor = start;
    for (const b of breaks) {
      stretch += b.from - cursor;
      if (b.to - b.from >= MINOR_LIMITS.breakMinutes) {
        longest = Math.max(longest, stretch);
        stretch = 0;
      }
      cursor = b.to;
    }
    stretch += end - cursor;
    longest = Math.max(longest, stretch);
    if (longest > MINOR_LIMITS.continuousMinutes) {
      add(
        `${at}.breaks`,
        'schedule.breakRequired',
        `${name} : ${formatDuration(longest)} de travail d'affilée ; une pause d'au moins 30 minutes est obligatoire dès 4 h 30 de travail pour un mineur.`,
      );
    }
  });

  const weekly = weeklyWorkMinutes(schedule.filter((d, i) => seenFirst(schedule, d, i)));
  if (weekly > MINOR_LIMITS.weeklyMinutes) {
    add(
      base,
      'schedule.weeklyHours',
      `${formatDuration(weekly)} de travail par semaine, au-delà des 35 h autorisées pour un mineur.`,
    );
  }

  // 14 hours of rest between two consecutive working days, Sunday to Monday included.
  for (let day = 1; day <= 7; day++) {
    const today = valid.get(day);
    const nextDay = (day % 7) + 1;
    const tomorrow = valid.get(nextDay);
    if (!today || !tomorrow) continue;
    const rest = 24 * 60 - today.end + tomorrow.start;
    if (rest < MINOR_LIMITS.dailyRestMinutes) {
      const index = schedule.findIndex((d) => d.day === nextDay);
      add(
        `${base}.${index}.start`,
        'schedule.dailyRest',
        `Entre ${dayName(day)} et ${dayName(nextDay)} : ${formatDuration(rest)} de repos, moins que les 14 h consécutives obligatoires pour un mineur.`,
      );
    }
  }

  // Two consecutive days of rest in the week (the week repeats: Sunday and Monday follow).
  const working = new Set(schedule.map((d) => d.day));
  let twoOff = false;
  for (let day = 1; day <= 7; day++) {
    if (!working.has(day) && !working.has((day % 7) + 1)) twoOff = true;
  }
  if (!twoOff) {
    add(
      base,
      'schedule.weeklyRest',
      'Pas deux jours de repos consécutifs dans la semaine : un mineur doit avoir deux jours de repos de suite.',
    );
  }
  return breaches;
}

/** True for the first occurrence of a weekday, so a duplicated day is not counted twice. */
function seenFirst(schedule: readonly ScheduleDay[], day: ScheduleDay, index: number): boolean {
  return schedule.findIndex((d) => d.day === day.day) === index;
}

// --- periods --------------------------------------------------------------------------------------

export interface PeriodInput extends DateRange {
  seats: number;
  reservedSeats?: number;
  reservedUntil?: string | null;
}

/**
 * The checks of a period that hold whatever the level: dates in order, at least one seat, reserved
 * seats within the seats, released no later than the start.
 */
export function checkPeriodShape(period: PeriodInput, field: string): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  const start = dayNumber(period.startDate);
  const end = dayNumber(period.endDate);
  if (start === null) {
    breaches.push({
      field: `${field}.startDate`,
      code: 'period.date',
      message: 'Date de début invalide.',
    });
  }
  if (end === null) {
    breaches.push({
      field: `${field}.endDate`,
      code: 'period.date',
      message: 'Date de fin invalide.',
    });
  }
  if (start !== null && end !== null && start > end) {
    breaches.push({
      field: `${field}.endDate`,
      code: 'period.order',
      message: 'La date de fin doit être le jour de début ou après.',
    });
  }
  if (!Number.isInteger(period.seats) || period.seats < 1) {
    breaches.push({
      field: `${field}.seats`,
      code: 'period.seats',
      message: 'Proposez au moins une place.',
    });
  }
  const reserved = period.reservedSeats ?? 0;
  if (!Number.isInteger(reserved) || reserved < 0) {
    breaches.push({
      field: `${field}.reservedSeats`,
      code: 'period.reserved',
      message: 'Le nombre de places réservées ne peut pas être négatif.',
    });
  } else if (reserved > period.seats) {
    breaches.push({
      field: `${field}.reservedSeats`,
      code: 'period.reserved',
      message: `${reserved} places réservées pour ${period.seats} places en tout : on ne peut pas réserver plus de places qu'il n'y en a.`,
    });
  }
  if (period.reservedUntil) {
    const until = dayNumber(period.reservedUntil);
    if (until === null) {
      breaches.push({
        field: `${field}.reservedUntil`,
        code: 'period.date',
        message: 'Date de fin de réservation invalide.',
      });
    } else if (start !== null && until > start) {
      breaches.push({
        field: `${field}.reservedUntil`,
        code: 'period.reservedUntil',
        message:
          'Les places réservées doivent être ouvertes à tous au plus tard le premier jour du stage.',
      });
    }
  } else if (reserved > 0) {
    breaches.push({
      field: `${field}.reservedUntil`,
      code: 'period.reservedUntilMissing',
      message:
        'Indiquez jusqu’à quand les places sont réservées aux élèves REP/REP+ (ensuite, elles sont ouvertes à tous).',
    });
  }
  return breaches;
}

export interface LevelRuleContext {
  /** Weekdays worked (1 = Monday … 7 = Sunday), from the schedule. */
  workingDays: ReadonlySet<number>;
  /** School holidays of the zone (Créteil: C). */
  holidays: readonly SchoolHoliday[];
  /**
   * The dates the holiday table covers; a 3e/4e period outside them cannot be checked and is
   * refused. Omitted: no coverage check.
   */
  holidaysKnown?: DateRange;
}

const levelWords: Record<StageLevel, string> = {
  '4e': 'de 4e',
  '3e': 'de 3e',
  '2de': 'de seconde',
  pro: 'de lycée professionnel',
};

/** The breaches of one period for one level (empty when the period suits the level). */
export function checkPeriodForLevel(
  period: DateRange,
  level: StageLevel,
  context: LevelRuleContext,
  field: string,
): RuleBreach[] {
  const start = dayNumber(period.startDate);
  const end = dayNumber(period.endDate);
  if (start === null || end === null || start > end) return [];
  const range = `du ${formatDate(period.startDate)} au ${formatDate(period.endDate)}`;

  if (level === 'pro') return [];
  if (level === '2de') {
    const year = Number(period.startDate.slice(0, 4));
    const { first, second } = lastTwoWeeksOfJune(year);
    const allowed = [
      [first.startDate, first.endDate],
      [second.startDate, second.endDate],
      [first.startDate, second.endDate],
    ];
    if (allowed.some(([s, e]) => s === period.startDate && e === period.endDate)) return [];
    return [
      {
        field,
        code: 'period.lateJune',
        message: `Période ${range} : un stage de seconde se fait pendant les deux dernières semaines de juin, en une fois (du ${formatDate(first.startDate)} au ${formatDate(second.endDate)}) ou sur une semaine (du ${formatDate(first.startDate)} au ${formatDate(first.endDate)}, ou du ${formatDate(second.startDate)} au ${formatDate(second.endDate)}).`,
      },
    ];
  }

  // 3e and 4e: exactly five working days, all in school time.
  const breaches: RuleBreach[] = [];
  const words = levelWords[level];
  let days = 0;
  const known = context.holidaysKnown
    ? {
        from: dayNumber(context.holidaysKnown.startDate),
        to: dayNumber(context.holidaysKnown.endDate),
      }
    : undefined;
  let unknownReported = false;
  const holidayRanges = context.holidays
    .map((h) => ({ from: dayNumber(h.startDate), to: dayNumber(h.endDate), label: h.label }))
    .filter((h) => h.from !== null && h.to !== null) as {
    from: number;
    to: number;
    label: string;
  }[];
  const reported = new Set<string>();
  for (let d = start; d <= end; d++) {
    if (!context.workingDays.has(weekdayOf(d))) continue;
    days++;
    const iso = isoOf(d);
    const publicHoliday = publicHolidayOn(iso);
    if (publicHoliday) {
      breaches.push({
        field,
        code: 'period.publicHoliday',
        message: `Le ${formatDate(iso)} est un jour férié (${publicHoliday}) : un stage ${words} se fait pendant le temps scolaire.`,
      });
      continue;
    }
    const holiday = holidayRanges.find((h) => d >= h.from && d <= h.to);
    if (holiday) {
      if (!reported.has(holiday.label)) {
        reported.add(holiday.label);
        breaches.push({
          field,
          code: 'period.schoolHolidays',
          message: `Le ${formatDate(iso)} tombe pendant les ${lowerFirst(holiday.label)} : un stage ${words} se fait pendant le temps scolaire, jamais pendant les vacances.`,
        });
      }
      continue;
    }
    if (
      known &&
      known.from !== null &&
      known.to !== null &&
      (d < known.from || d > known.to) &&
      !unknownReported
    ) {
      unknownReported = true;
      breaches.push({
        field,
        code: 'period.calendarUnknown',
        message: `Le calendrier scolaire du ${formatDate(iso)} n'est pas encore connu de Tremplin : choisissez des dates de l'année scolaire en cours.`,
      });
    }
  }
  if (days !== 5) {
    breaches.unshift({
      field,
      code: 'period.fiveDays',
      message: `Période ${range} : ${days} jour${days > 1 ? 's' : ''} de présence selon vos horaires ; un stage ${words} dure exactement 5 jours.`,
    });
  }
  return breaches;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * A period suits an offer when it suits at least one of its levels (an offer for 3e and 2de has
 * January weeks and June weeks); otherwise every level's breaches are returned, once each.
 */
export function checkPeriodForLevels(
  period: DateRange,
  levels: readonly StageLevel[],
  context: LevelRuleContext,
  field: string,
): RuleBreach[] {
  const all: RuleBreach[] = [];
  for (const level of levels) {
    const breaches = checkPeriodForLevel(period, level, context, field);
    if (breaches.length === 0) return [];
    all.push(...breaches);
  }
  const seen = new Set<string>();
  return all.filter((b) => !seen.has(b.message) && Boolean(seen.add(b.message)));
}

export interface OfferRulesInput {
  levels: readonly StageLevel[];
  schedule: readonly ScheduleDay[];
  periods: readonly PeriodInput[];
}

/**
 * Every rule an offer must meet to be published: the schedule, each period's shape, and each
 * period against the offer's levels. Paths are relative ("schedule.0.end", "periods.1.seats").
 */
export function checkOffer(
  offer: OfferRulesInput,
  context: Omit<LevelRuleContext, 'workingDays'>,
): RuleBreach[] {
  const breaches = checkSchedule(offer.schedule);
  if (offer.levels.length === 0) {
    breaches.push({
      field: 'levels',
      code: 'levels.empty',
      message: 'Indiquez au moins un niveau.',
    });
  }
  if (offer.periods.length === 0) {
    breaches.push({
      field: 'periods',
      code: 'periods.empty',
      message: 'Indiquez au moins une période de stage.',
    });
  }
  const workingDays = new Set(offer.schedule.map((d) => d.day));
  offer.periods.forEach((period, i) => {
    const field = `periods.${i}`;
    const shape = checkPeriodShape(period, field);
    breaches.push(...shape);
    if (shape.some((b) => b.code === 'period.date' || b.code === 'period.order')) return;
    breaches.push(
      ...checkPeriodForLevels(period, offer.levels, { ...context, workingDays }, field),
    );
  });
  return breaches;
}
