// The RGAA 4.1 audit of Tremplin: every criterion's verdict on the audited pages, from which the
// accessibility statement (page /accessibilite, footer) takes its compliance level and rate, so
// the two never disagree. The evidence for each verdict is in docs/accessibilite/audit-rgaa.md.

/** C: met on every audited page; NC: failed on one at least; NA: no such content audited. */
export type Verdict = 'C' | 'NC' | 'NA';

/** How many criteria each of the 13 themes of RGAA 4.1 has (106 in all). */
export const RGAA_THEMES = [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12] as const;

/** Every criterion number, "1.1" to "13.12". */
export const rgaaCriteria: string[] = RGAA_THEMES.flatMap((count, theme) =>
  Array.from({ length: count }, (_, i) => `${theme + 1}.${i + 1}`),
);

const na = (...criteria: string[]) => Object.fromEntries(criteria.map((c) => [c, 'NA' as const]));

/** Criteria without content of their kind on the audited pages. */
const notApplicable = na(
  // Images: no CAPTCHA, no image of text.
  '1.4',
  '1.5',
  '1.8',
  // No frames.
  '2.1',
  '2.2',
  // No time-based media (video, audio, animations).
  ...Array.from({ length: 13 }, (_, i) => `4.${i + 1}`),
  // No complex table, no layout table.
  '5.1',
  '5.2',
  '5.3',
  '5.8',
  // No right-to-left text; no quotation on the audited pages.
  '8.10',
  '9.4',
  // No search engine for the site (the menu and the site map).
  '12.5',
  // No new window, no cryptic content, nothing flashing or moving, no motion control.
  '13.2',
  '13.5',
  '13.6',
  '13.7',
  '13.8',
  '13.12',
);

/**
 * Criteria the audit found failed on one audited page at least (their details: the audit report
 * and the statement's list of known problems). Those found on 2026-11-26 are mended: 1.1, 1.6,
 * 1.9, 6.1, 7.5, 8.2, 8.7, 10.13, 11.2, 11.9, 11.10, 11.11, 11.12, 12.1, 13.1, 13.3, 13.4; and
 * those of the second pass on 2026-11-27 (8.7, 11.10 again, 10.11).
 */
const notMet: string[] = [];

export const audit = {
  /** The day the last verdict was checked. */
  date: '2026-11-27',
  version: '4.1.2',
  verdicts: Object.fromEntries(
    rgaaCriteria.map((c) => [c, notApplicable[c] ?? (notMet.includes(c) ? 'NC' : 'C')]),
  ) as Record<string, Verdict>,
  /** The audited pages (the RGAA "échantillon"), with who they were seen as. */
  pages: [
    'home',
    'signIn',
    'signUp',
    'search',
    'offer',
    'apply',
    'applications',
    'wishes',
    'mentoring',
    'jury',
    'offerForm',
    'inbox',
    'classImport',
    'classFollowUp',
    'agreement',
    'observatory',
    'accessibility',
    'about',
  ] as const,
};

export type ComplianceLevel = 'full' | 'partial' | 'none';

export interface AuditResults {
  met: number;
  failed: number;
  notApplicable: number;
  /** Criteria met among those that apply, in %, rounded down to a tenth. */
  rate: number;
  /** As the RGAA says it: total at 100 %, partial from 50 %, none below (or without audit). */
  level: ComplianceLevel;
  /** The criteria not met, in order. */
  failures: string[];
}

export function auditResults(verdicts: Record<string, Verdict>): AuditResults {
  const failures = rgaaCriteria.filter((c) => verdicts[c] === 'NC');
  const met = rgaaCriteria.filter((c) => verdicts[c] === 'C').length;
  const notApplicable = rgaaCriteria.filter((c) => verdicts[c] === 'NA').length;
  const applicable = met + failures.length;
  const rate = applicable === 0 ? 0 : Math.floor((met / applicable) * 1000) / 10;
  const level: ComplianceLevel =
    applicable > 0 && failures.length === 0 ? 'full' : rate >= 50 ? 'partial' : 'none';
  return { met, failed: failures.length, notApplicable, rate, level, failures };
}
