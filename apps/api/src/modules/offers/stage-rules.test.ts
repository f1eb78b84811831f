import { describe, expect, it } from 'vitest';
import {
  checkOffer,
  checkPeriodForLevel,
  checkPeriodForLevels,
  checkPeriodShape,
  checkSchedule,
  dailyWorkMinutes,
  easterSunday,
  lastTwoWeeksOfJune,
  publicHolidays,
  type ScheduleDay,
  type SchoolHoliday,
} from './stage-rules.js';

const day = (
  d: number,
  start: string,
  end: string,
  breaks: [string, string][] = [],
): ScheduleDay => ({
  day: d,
  start,
  end,
  breaks: breaks.map(([s, e]) => ({ start: s, end: e })),
});

/** Monday to Friday, 9:00–12:00 and 13:30–16:30: 6 h a day, 30 h a week. */
const legal = [1, 2, 3, 4, 5].map((d) => day(d, '09:00', '16:30', [['12:00', '13:30']]));
const codes = (breaches: { code: string }[]) => breaches.map((b) => b.code);

const holidays: SchoolHoliday[] = [
  { label: 'Vacances de Noël 2026', startDate: '2026-12-19', endDate: '2027-01-03' },
  { label: "Vacances d'hiver 2027", startDate: '2027-02-06', endDate: '2027-02-21' },
  { label: 'Vacances de printemps 2027', startDate: '2027-04-03', endDate: '2027-04-18' },
];
const weekdays = new Set([1, 2, 3, 4, 5]);
const context = { workingDays: weekdays, holidays };

describe('a minor’s schedule', () => {
  it('accepts a legal week of 30 hours with lunch breaks', () => {
    expect(checkSchedule(legal)).toEqual([]);
  });

  it('refuses 7 h 30 of presence on a day and names the day and the 7-hour rule', () => {
    const schedule = [...legal.slice(1), day(1, '09:00', '16:30')];
    const breaches = checkSchedule(schedule);
    const daily = breaches.find((b) => b.code === 'schedule.dailyHours');
    expect(daily).toEqual({
      field: 'schedule.4',
      code: 'schedule.dailyHours',
      message: 'Lundi : 7 h 30 de présence, au-delà des 7 h par jour autorisées pour un mineur.',
    });
  });

  it('counts work without the breaks: 8 h of presence with a 1-hour lunch is 7 h, allowed', () => {
    const d = day(1, '09:00', '17:00', [['12:00', '13:00']]);
    expect(dailyWorkMinutes(d)).toBe(420);
    expect(codes(checkSchedule([d]))).not.toContain('schedule.dailyHours');
  });

  it('refuses work before 06:00 and after 20:00, on the field at fault', () => {
    const breaches = checkSchedule([day(1, '05:30', '09:00'), day(3, '15:00', '20:30')]);
    expect(breaches).toContainEqual(
      expect.objectContaining({ field: 'schedule.0.start', code: 'schedule.tooEarly' }),
    );
    expect(breaches).toContainEqual(
      expect.objectContaining({ field: 'schedule.1.end', code: 'schedule.tooLate' }),
    );
    expect(breaches.find((b) => b.code === 'schedule.tooLate')!.message).toContain('20 h 30');
  });

  it('accepts exactly 06:00 to 10:00 and 16:00 to 20:00 (the limits themselves)', () => {
    expect(checkSchedule([day(1, '06:00', '10:00'), day(3, '16:00', '20:00')])).toEqual([]);
  });

  it('requires a 30-minute break once 4 h 30 of continuous work is reached', () => {
    const fiveHours = day(2, '08:00', '13:00');
    const breaches = checkSchedule([fiveHours]);
    expect(breaches).toEqual([
      expect.objectContaining({ field: 'schedule.0.breaks', code: 'schedule.breakRequired' }),
    ]);
    expect(breaches[0]!.message).toContain('Mardi : 5 h de travail d’affilée'.replace('’', "'"));
    // Exactly 4 h 30 then a 30-minute break: allowed.
    expect(checkSchedule([day(2, '08:00', '15:00', [['12:30', '13:00']])])).toEqual([]);
  });

  it('does not count a break shorter than 30 minutes as the required break', () => {
    const breaches = checkSchedule([day(1, '08:00', '14:00', [['11:00', '11:15']])]);
    expect(codes(breaches)).toEqual(['schedule.breakRequired']);
  });

  it('refuses more than 35 hours a week', () => {
    // 5 × 6 h 45 = 33 h 45 is fine; 6 days of 6 h = 36 h is not (and leaves one rest day).
    const six = [1, 2, 3, 4, 5, 6].map((d) => day(d, '08:00', '14:30', [['12:00', '12:30']]));
    const breaches = checkSchedule(six);
    expect(breaches).toContainEqual({
      field: 'schedule',
      code: 'schedule.weeklyHours',
      message: '36 h de travail par semaine, au-delà des 35 h autorisées pour un mineur.',
    });
    expect(codes(breaches)).toContain('schedule.weeklyRest');
  });

  it('requires 14 hours of rest between two consecutive days, Sunday to Monday included', () => {
    const breaches = checkSchedule([
      day(1, '06:00', '10:00'),
      day(4, '14:00', '19:00', [['16:00', '16:30']]),
      day(5, '07:00', '11:00'),
      day(7, '16:00', '20:00'),
    ]);
    const rest = breaches.filter((b) => b.code === 'schedule.dailyRest');
    expect(rest).toEqual([
      {
        field: 'schedule.2.start',
        code: 'schedule.dailyRest',
        message:
          'Entre jeudi et vendredi : 12 h de repos, moins que les 14 h consécutives obligatoires pour un mineur.',
      },
      {
        field: 'schedule.0.start',
        code: 'schedule.dailyRest',
        message:
          'Entre dimanche et lundi : 10 h de repos, moins que les 14 h consécutives obligatoires pour un mineur.',
      },
    ]);
  });

  it('requires two consecutive rest days, counting Sunday and Monday as consecutive', () => {
    // Tuesday to Saturday: Sunday and Monday off, which is allowed (a bakery's week).
    const tuesdayToSaturday = [2, 3, 4, 5, 6].map((d) =>
      day(d, '09:00', '15:00', [['12:00', '12:30']]),
    );
    expect(checkSchedule(tuesdayToSaturday)).toEqual([]);
    // Monday to Wednesday, Friday and Saturday: Thursday and Sunday off, never two in a row.
    const split = [1, 2, 3, 5, 6].map((d) => day(d, '09:00', '15:00', [['12:00', '12:30']]));
    expect(codes(checkSchedule(split))).toEqual(['schedule.weeklyRest']);
  });

  it('refuses a day listed twice, an end before the start and a break outside the day', () => {
    const breaches = checkSchedule([
      day(1, '09:00', '12:00'),
      day(1, '13:00', '15:00'),
      day(2, '12:00', '09:00'),
      day(3, '09:00', '12:00', [['08:00', '08:30']]),
    ]);
    expect(breaches.map((b) => [b.field, b.code])).toEqual([
      ['schedule.1.day', 'schedule.dayTwice'],
      ['schedule.2.end', 'schedule.order'],
      ['schedule.3.breaks.0', 'schedule.breakOutside'],
    ]);
  });

  it('refuses an empty week', () => {
    expect(codes(checkSchedule([]))).toEqual(['schedule.empty']);
  });

  it('reports every breach at once, not only the first', () => {
    const breaches = checkSchedule([
      day(1, '05:00', '21:00'),
      day(2, '05:00', '21:00'),
      day(3, '05:00', '21:00'),
      day(4, '05:00', '21:00'),
      day(5, '05:00', '21:00'),
      day(6, '05:00', '21:00'),
    ]);
    for (const code of [
      'schedule.tooEarly',
      'schedule.tooLate',
      'schedule.dailyHours',
      'schedule.breakRequired',
      'schedule.weeklyHours',
      'schedule.dailyRest',
      'schedule.weeklyRest',
    ]) {
      expect(codes(breaches)).toContain(code);
    }
  });
});

describe('French public holidays', () => {
  it('computes Easter for known years', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('lists the Easter-based holidays of 2027 (Monday, Ascension, Whit Monday)', () => {
    const dates = Object.fromEntries(publicHolidays(2027).map((h) => [h.label, h.date]));
    expect(dates['Lundi de Pâques']).toBe('2027-03-29');
    expect(dates['Ascension']).toBe('2027-05-06');
    expect(dates['Lundi de Pentecôte']).toBe('2027-05-17');
    expect(dates['Armistice 1918']).toBe('2027-11-11');
    expect(publicHolidays(2027)).toHaveLength(13);
  });
});

describe('periods by level', () => {
  it('accepts a 3e week of five school days', () => {
    expect(
      checkPeriodForLevel({ startDate: '2027-01-11', endDate: '2027-01-15' }, '3e', context, 'p'),
    ).toEqual([]);
  });

  it('accepts five days that are not consecutive (Monday, Tuesday, Thursday… by the schedule)', () => {
    const mondayTuesday = new Set([1, 2]);
    // 11, 12, 18, 19, 25 January 2027 — a Monday-and-Tuesday schedule over three weeks.
    const breaches = checkPeriodForLevel(
      { startDate: '2027-01-11', endDate: '2027-01-25' },
      '3e',
      { workingDays: mondayTuesday, holidays },
      'p',
    );
    expect(breaches).toEqual([]);
  });

  it('refuses a 3e period that is not exactly five working days', () => {
    const breaches = checkPeriodForLevel(
      { startDate: '2027-01-11', endDate: '2027-01-14' },
      '3e',
      context,
      'periods.0',
    );
    expect(breaches).toEqual([
      {
        field: 'periods.0',
        code: 'period.fiveDays',
        message:
          'Période du 11/01/2027 au 14/01/2027 : 4 jours de présence selon vos horaires ; un stage de 3e dure exactement 5 jours.',
      },
    ]);
  });

  it('refuses a 3e week in the school holidays and names them', () => {
    const breaches = checkPeriodForLevel(
      { startDate: '2027-02-08', endDate: '2027-02-12' },
      '3e',
      context,
      'periods.0',
    );
    expect(breaches).toEqual([
      {
        field: 'periods.0',
        code: 'period.schoolHolidays',
        message:
          "Le 08/02/2027 tombe pendant les vacances d'hiver 2027 : un stage de 3e se fait pendant le temps scolaire, jamais pendant les vacances.",
      },
    ]);
  });

  it('refuses a 3e week with a public holiday, Easter-based ones included', () => {
    // Week of Ascension 2027 (Thursday 6 May) — outside the holidays of the table.
    const breaches = checkPeriodForLevel(
      { startDate: '2027-05-03', endDate: '2027-05-07' },
      '3e',
      context,
      'p',
    );
    expect(breaches.map((b) => b.code)).toEqual(['period.publicHoliday']);
    expect(breaches[0]!.message).toContain('Le 06/05/2027 est un jour férié (Ascension)');
    const armistice = checkPeriodForLevel(
      { startDate: '2026-11-09', endDate: '2026-11-13' },
      '4e',
      context,
      'p',
    );
    expect(armistice[0]!.message).toContain('Armistice 1918');
    expect(armistice[0]!.message).toContain('un stage de 4e');
  });

  it('refuses a 3e period the holiday table does not cover', () => {
    const breaches = checkPeriodForLevel(
      { startDate: '2027-09-13', endDate: '2027-09-17' },
      '3e',
      { ...context, holidaysKnown: { startDate: '2025-09-01', endDate: '2027-08-31' } },
      'p',
    );
    expect(breaches.map((b) => b.code)).toEqual(['period.calendarUnknown']);
  });

  it('finds the last two weeks of June, ending on the last Friday', () => {
    expect(lastTwoWeeksOfJune(2027)).toEqual({
      first: { startDate: '2027-06-14', endDate: '2027-06-18' },
      second: { startDate: '2027-06-21', endDate: '2027-06-25' },
    });
    // June 2028 ends on a Friday (the 30th).
    expect(lastTwoWeeksOfJune(2028).second).toEqual({
      startDate: '2028-06-26',
      endDate: '2028-06-30',
    });
  });

  it('accepts a 2de fortnight or one of its weeks, and refuses anything else', () => {
    const ok = [
      ['2027-06-14', '2027-06-25'],
      ['2027-06-14', '2027-06-18'],
      ['2027-06-21', '2027-06-25'],
    ];
    for (const [startDate, endDate] of ok) {
      expect(
        checkPeriodForLevel({ startDate: startDate!, endDate: endDate! }, '2de', context, 'p'),
      ).toEqual([]);
    }
    const breaches = checkPeriodForLevel(
      { startDate: '2027-06-07', endDate: '2027-06-11' },
      '2de',
      context,
      'p',
    );
    expect(breaches.map((b) => b.code)).toEqual(['period.lateJune']);
    expect(breaches[0]!.message).toContain('du 14/06/2027 au 25/06/2027');
  });

  it('has no date rule for lycée pro (schedule rules only)', () => {
    expect(
      checkPeriodForLevel({ startDate: '2027-02-08', endDate: '2027-02-19' }, 'pro', context, 'p'),
    ).toEqual([]);
  });

  it('accepts a period that suits one of several levels, and reports each level otherwise', () => {
    const june = { startDate: '2027-06-21', endDate: '2027-06-25' };
    expect(checkPeriodForLevels(june, ['3e', '2de'], context, 'p')).toEqual([]);
    const winter = { startDate: '2027-02-08', endDate: '2027-02-12' };
    expect(checkPeriodForLevels(winter, ['3e', '2de'], context, 'p').map((b) => b.code)).toEqual([
      'period.schoolHolidays',
      'period.lateJune',
    ]);
  });

  it('checks the shape of a period: order, seats, reserved seats and their release date', () => {
    const breaches = checkPeriodShape(
      {
        startDate: '2027-01-15',
        endDate: '2027-01-11',
        seats: 0,
        reservedSeats: 2,
        reservedUntil: '2027-01-20',
      },
      'periods.1',
    );
    expect(breaches.map((b) => [b.field, b.code])).toEqual([
      ['periods.1.endDate', 'period.order'],
      ['periods.1.seats', 'period.seats'],
      ['periods.1.reservedSeats', 'period.reserved'],
      ['periods.1.reservedUntil', 'period.reservedUntil'],
    ]);
    expect(
      checkPeriodShape(
        { startDate: '2027-01-11', endDate: '2027-01-15', seats: 3, reservedSeats: 1 },
        'p',
      ).map((b) => b.code),
    ).toEqual(['period.reservedUntilMissing']);
    expect(
      checkPeriodShape(
        {
          startDate: '2027-01-11',
          endDate: '2027-01-15',
          seats: 3,
          reservedSeats: 3,
          reservedUntil: '2027-01-11',
        },
        'p',
      ),
    ).toEqual([]);
  });
});

describe('a whole offer', () => {
  it('passes with a legal schedule and a 3e week', () => {
    expect(
      checkOffer(
        {
          levels: ['3e'],
          schedule: legal,
          periods: [{ startDate: '2027-01-11', endDate: '2027-01-15', seats: 2 }],
        },
        { holidays },
      ),
    ).toEqual([]);
  });

  it('counts working days from the schedule: a Monday-to-Thursday week is four days for 3e', () => {
    const breaches = checkOffer(
      {
        levels: ['3e'],
        schedule: legal.slice(0, 4),
        periods: [{ startDate: '2027-01-11', endDate: '2027-01-15', seats: 2 }],
      },
      { holidays },
    );
    expect(breaches.map((b) => [b.field, b.code])).toEqual([['periods.0', 'period.fiveDays']]);
  });

  it('returns schedule and period breaches together, with their paths', () => {
    const breaches = checkOffer(
      {
        levels: ['3e'],
        schedule: [day(1, '09:00', '17:00'), ...legal.slice(1)],
        periods: [
          { startDate: '2027-01-11', endDate: '2027-01-15', seats: 2 },
          { startDate: '2027-02-08', endDate: '2027-02-12', seats: 1, reservedSeats: 2 },
        ],
      },
      { holidays },
    );
    expect(breaches.map((b) => b.field)).toEqual([
      'schedule.0',
      'schedule.0.breaks',
      'periods.1.reservedSeats',
      'periods.1.reservedUntil',
      'periods.1',
    ]);
  });
});
