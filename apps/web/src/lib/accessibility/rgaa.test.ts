import { describe, expect, it } from 'vitest';
import { audit, auditResults, rgaaCriteria, type Verdict } from './rgaa';

describe('the RGAA audit', () => {
  it('gives a verdict on each of the 106 criteria of RGAA 4.1, and on nothing else', () => {
    expect(rgaaCriteria).toHaveLength(106);
    expect(rgaaCriteria.slice(0, 3)).toEqual(['1.1', '1.2', '1.3']);
    expect(rgaaCriteria.at(-1)).toBe('13.12');
    expect(Object.keys(audit.verdicts).sort()).toEqual([...rgaaCriteria].sort());
    for (const verdict of Object.values(audit.verdicts))
      expect(['C', 'NC', 'NA']).toContain(verdict);
  });

  it('counts the rate on the criteria that apply, and names the level as the RGAA does', () => {
    const all = (v: Verdict) => Object.fromEntries(rgaaCriteria.map((c) => [c, v]));
    const some = { ...all('C'), '1.1': 'NA', '3.2': 'NC', '11.10': 'NC' } as Record<
      string,
      Verdict
    >;
    expect(auditResults(some)).toEqual({
      met: 103,
      failed: 2,
      notApplicable: 1,
      rate: 98.0,
      level: 'partial',
      failures: ['3.2', '11.10'],
    });
    expect(auditResults(all('C')).level).toBe('full');
    const half = Object.fromEntries(rgaaCriteria.map((c, i) => [c, i % 3 === 0 ? 'C' : 'NC']));
    expect(auditResults(half as Record<string, Verdict>).level).toBe('none');
    expect(auditResults(all('NA')).level).toBe('none');
  });

  it('as audited: 75 criteria met of 75 that apply', () => {
    expect(auditResults(audit.verdicts)).toMatchObject({
      met: 75,
      failed: 0,
      notApplicable: 31,
      rate: 100,
      level: 'full',
    });
  });
});
