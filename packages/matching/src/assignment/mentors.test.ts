import { describe, expect, it } from 'vitest';
import { AssignmentInputError } from './errors.js';
import { assignMentors } from './mentors.js';

describe('assignMentors', () => {
  it('pairs mentees with mentors within capacity, maximising the total', () => {
    const result = assignMentors({
      menteeIds: ['lea', 'yanis', 'ines'],
      mentors: [
        { id: 'nadia', capacity: 2 },
        { id: 'paul', capacity: 1 },
      ],
      pairs: [
        { menteeId: 'lea', mentorId: 'nadia', score: 80 },
        { menteeId: 'yanis', mentorId: 'nadia', score: 70 },
        { menteeId: 'ines', mentorId: 'nadia', score: 90 },
        { menteeId: 'ines', mentorId: 'paul', score: 60 },
      ],
    });
    expect(result.pairs).toEqual([
      { menteeId: 'lea', mentorId: 'nadia', score: 80 },
      { menteeId: 'yanis', mentorId: 'nadia', score: 70 },
      { menteeId: 'ines', mentorId: 'paul', score: 60 },
    ]);
    expect(result.total).toBe(210);
    expect(result.unassignedMenteeIds).toEqual([]);
  });

  it('names the faulty field in the caller’s terms', () => {
    const attempt = () =>
      assignMentors({
        menteeIds: ['lea'],
        mentors: [{ id: 'nadia', capacity: 1 }],
        pairs: [{ menteeId: 'lea', mentorId: 'paul', score: 1 }],
      });
    expect(attempt).toThrow(AssignmentInputError);
    expect(attempt).toThrow('pairs[0].mentorId: no mentor "paul"');
    expect(() =>
      assignMentors({ menteeIds: [], mentors: [{ id: 'nadia', capacity: -2 }], pairs: [] }),
    ).toThrow(/^mentors\[0\]\.capacity: /);
  });

  it('refuses a missing score and a mentee listed twice', () => {
    const mentors = [{ id: 'nadia', capacity: 1 }];
    expect(() =>
      assignMentors({
        menteeIds: ['lea'],
        mentors,
        pairs: [{ menteeId: 'lea', mentorId: 'nadia', score: null as unknown as number }],
      }),
    ).toThrow(/^pairs\[0\]\.score: /);
    expect(() => assignMentors({ menteeIds: ['lea', 'lea'], mentors, pairs: [] })).toThrow(
      /^menteeIds\[1\]: /,
    );
  });
});
