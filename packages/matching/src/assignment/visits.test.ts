import { describe, expect, it } from 'vitest';
import { AssignmentInputError } from './errors.js';
import { assignVisits } from './visits.js';

describe('assignVisits', () => {
  it('keeps each ambassador within their monthly limit and one class a date', () => {
    const result = assignVisits({
      requestIds: ['4eA', '4eB', '3eC', '3eD'],
      ambassadors: [{ id: 'karim', monthlyLimit: 2 }],
      pairs: [
        { requestId: '4eA', ambassadorId: 'karim', date: '2026-03-03', score: 90 },
        { requestId: '4eB', ambassadorId: 'karim', date: '2026-03-03', score: 85 },
        { requestId: '4eB', ambassadorId: 'karim', date: '2026-03-10', score: 80 },
        { requestId: '3eC', ambassadorId: 'karim', date: '2026-03-17', score: 70 },
        { requestId: '3eD', ambassadorId: 'karim', date: '2026-04-07', score: 10 },
      ],
    });
    expect(result.visits.map((v) => [v.requestId, v.date])).toEqual([
      ['4eA', '2026-03-03'],
      ['4eB', '2026-03-10'],
      ['3eD', '2026-04-07'],
    ]);
    expect(result.unassignedRequestIds).toEqual(['3eC']);
  });

  it('applies a yearly limit across months and a per-date limit above one', () => {
    const yearly = assignVisits({
      requestIds: ['a', 'b'],
      ambassadors: [{ id: 'k', monthlyLimit: 3, yearlyLimit: 1 }],
      pairs: [
        { requestId: 'a', ambassadorId: 'k', date: '2026-01-12', score: 5 },
        { requestId: 'b', ambassadorId: 'k', date: '2026-02-09', score: 6 },
      ],
    });
    expect(yearly.visits.map((v) => v.requestId)).toEqual(['b']);
    const twoClasses = assignVisits({
      requestIds: ['a', 'b'],
      ambassadors: [{ id: 'k', monthlyLimit: 3, perDateLimit: 2 }],
      pairs: [
        { requestId: 'a', ambassadorId: 'k', date: '2026-01-12', score: 5 },
        { requestId: 'b', ambassadorId: 'k', date: '2026-01-12', score: 6 },
      ],
    });
    expect(twoClasses.visits).toHaveLength(2);
  });

  it('refuses unknown ambassadors, bad dates and negative limits with their path', () => {
    const ambassadors = [{ id: 'k', monthlyLimit: 1 }];
    const refuse = (problem: Parameters<typeof assignVisits>[0], path: string) => {
      let caught: unknown;
      try {
        assignVisits(problem);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AssignmentInputError);
      expect((caught as AssignmentInputError).path).toBe(path);
    };
    refuse(
      {
        requestIds: ['a'],
        ambassadors,
        pairs: [{ requestId: 'a', ambassadorId: 'x', date: '2026-01-12', score: 1 }],
      },
      'pairs[0].ambassadorId',
    );
    refuse(
      {
        requestIds: ['a'],
        ambassadors,
        pairs: [{ requestId: 'a', ambassadorId: 'k', date: '12/01/2026', score: 1 }],
      },
      'pairs[0].date',
    );
    refuse(
      {
        requestIds: ['a'],
        ambassadors,
        pairs: [{ requestId: 'b', ambassadorId: 'k', date: '2026-01-12', score: 1 }],
      },
      'pairs[0].requestId',
    );
    refuse(
      { requestIds: [], ambassadors: [{ id: 'k', monthlyLimit: -1 }], pairs: [] },
      'ambassadors[0].monthlyLimit',
    );
  });
});
