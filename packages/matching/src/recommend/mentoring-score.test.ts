import { describe, expect, it } from 'vitest';
import { generateMentoringPopulation } from '../generator/pairs-mentoring.js';
import { mentoringCandidates } from './candidates.js';
import { scoreMentorship, type MenteeProfile, type MentorProfile } from './mentoring-score.js';

// Tuesday 18:00 and 19:00, Saturday 10:00 as hours of the week.
const TUESDAY_18 = 24 + 18;
const TUESDAY_19 = 24 + 19;
const SATURDAY_10 = 5 * 24 + 10;

const mentee = (overrides: Partial<MenteeProfile> = {}): MenteeProfile => ({
  id: 'yanis',
  lat: 48.78373,
  lon: 2.45467,
  trades: ['M1805'],
  weeklySlots: [TUESDAY_18, TUESDAY_19, SATURDAY_10],
  modes: ['in-person', 'video'],
  languages: ['fr'],
  ...overrides,
});

const mentor = (overrides: Partial<MentorProfile> = {}): MentorProfile => ({
  id: 'nadia',
  lat: 48.78373,
  lon: 2.45467,
  trades: ['M1805'],
  weeklySlots: [TUESDAY_18, TUESDAY_19],
  modes: ['in-person', 'video'],
  languages: ['fr', 'ar'],
  reachKm: 10,
  ...overrides,
});

const fitsOf = (result: ReturnType<typeof scoreMentorship>) =>
  Object.fromEntries(result.criteria.map((c) => [c.criterion, c.fit]));

describe('scoreMentorship', () => {
  it('gives full marks to a next-door mentor of the same trade, free at the same hours', () => {
    const result = scoreMentorship(mentee(), mentor());
    expect(fitsOf(result)).toEqual({
      trade: 1,
      availability: 1,
      mode: 1,
      distance: 1,
      language: 1,
    });
    expect(result.score).toBe(100);
    expect(result.mode).toBe('in-person');
  });

  it('meets by video when the mentor is out of reach, and then distance does not count', () => {
    // Champigny is about 5.3 km from Créteil.
    const result = scoreMentorship(mentee(), mentor({ lat: 48.81738, lon: 2.51697, reachKm: 3 }));
    expect(result.mode).toBe('video');
    expect(fitsOf(result)).toMatchObject({ mode: 0.6, distance: 1 });
    const inPerson = scoreMentorship(
      mentee(),
      mentor({ lat: 48.81738, lon: 2.51697, reachKm: 10 }),
    );
    expect(inPerson.mode).toBe('in-person');
    expect(fitsOf(inPerson).distance).toBeGreaterThan(0.5);
    expect(fitsOf(inPerson).distance).toBeLessThan(1);
  });

  it('refuses no common hour, no workable mode and no common language', () => {
    expect(scoreMentorship(mentee(), mentor({ weeklySlots: [SATURDAY_10 + 1] })).refusals).toEqual([
      'no-common-slot',
    ]);
    expect(scoreMentorship(mentee({ modes: ['phone'] }), mentor()).refusals).toEqual([
      'no-common-mode',
    ]);
    const far = mentor({ lat: 48.81738, lon: 2.51697, reachKm: 2, modes: ['in-person'] });
    expect(scoreMentorship(mentee(), far).refusals).toEqual(['out-of-reach']);
    expect(scoreMentorship(mentee({ languages: ['pt'] }), mentor()).refusals).toEqual([
      'no-common-language',
    ]);
  });

  it('scores half an availability for a single common hour, and a second language at half', () => {
    const result = scoreMentorship(
      mentee({ languages: ['ar', 'fr'] }),
      mentor({ weeklySlots: [TUESDAY_18] }),
    );
    expect(fitsOf(result)).toMatchObject({ availability: 0.5, language: 1 });
    const second = scoreMentorship(mentee({ languages: ['pt', 'fr'] }), mentor());
    expect(fitsOf(second).language).toBe(0.5);
  });

  it('refuses an hour that is not in the week', () => {
    expect(() => scoreMentorship(mentee({ weeklySlots: [168] }), mentor())).toThrow(RangeError);
  });
});

describe('mentoringCandidates', () => {
  it('keeps exactly the best eligible mentors of each mentee, as scoring every pair would', () => {
    const { mentees, mentors } = generateMentoringPopulation({
      seed: 12,
      mentees: 150,
      mentors: 300,
    });
    const pairs = mentoringCandidates(mentees, mentors, { perMentee: 4 });
    for (const one of mentees) {
      const expected = mentors
        .map((m, position) => ({ m, position, result: scoreMentorship(one, m) }))
        .filter(({ result }) => result.eligible)
        .sort((a, b) => b.result.score - a.result.score || a.position - b.position)
        .slice(0, 4)
        .map(({ m, result }) => ({ menteeId: one.id, mentorId: m.id, score: result.score }));
      expect(pairs.filter((p) => p.menteeId === one.id)).toEqual(expected);
    }
  });
});
