// Words and numbers of the campaign pages: Paris local times for the forms, policies in words,
// rates as percentages, and the sentence that explains each wish of a pupil's result.
import type {
  CampaignPolicy,
  CampaignRun,
  EducationPriority,
  Locale,
  WishOutcome,
} from '@tremplin/contracts';
import type { MessageKey, Translate } from '$lib/i18n';

const tag = (locale: Locale) => (locale === 'en' ? 'en-GB' : 'fr-FR');

/** Minutes to add to UTC to get Paris time at that instant. */
function parisOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(at.getTime() / 60000) * 60000) / 60000);
}

/** "2026-12-01T08:00" typed in Paris time → ISO instant; null when it is not a date-time. */
export function parisLocalToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(wall)) return null;
  // Twice: the offset of the guess, then of the corrected instant (daylight-saving edges).
  let at = wall - parisOffsetMinutes(new Date(wall)) * 60000;
  at = wall - parisOffsetMinutes(new Date(at)) * 60000;
  return new Date(at).toISOString();
}

/** An ISO instant → "2026-12-01T08:00" in Paris time, for a datetime-local field. */
export function isoToParisLocal(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return new Date(at.getTime() + parisOffsetMinutes(at) * 60000).toISOString().slice(0, 16);
}

export function percent(rate: number, locale: Locale): string {
  return new Intl.NumberFormat(tag(locale), {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(rate);
}

export function decimal(value: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(tag(locale), { maximumFractionDigits: digits }).format(value);
}

export function policyText(t: Translate, policy: CampaignPolicy): string {
  const classes = t(
    policy.priorityClasses ? 'campaigns.detail.policyClasses' : 'campaigns.detail.policyLottery',
  );
  const reserve =
    policy.reservedShare > 0
      ? t('campaigns.detail.policyReserved', {
          share: Math.round(policy.reservedShare * 100),
          precedence: t(
            policy.reservePrecedence === 'open-first'
              ? 'campaigns.form.openFirst'
              : 'campaigns.form.reservedFirst',
          ).toLowerCase(),
        })
      : t('campaigns.detail.policyNoReserve');
  return `${classes} ; ${reserve}`;
}

export const priorityWord = (t: Translate, priority: EducationPriority | null) =>
  t(`campaigns.priority.${priority ?? 'none'}` as MessageKey);

export function stepText(t: Translate, run: Pick<CampaignRun, 'step' | 'status'>): string {
  const key = `campaigns.runs.step.${run.step ?? 'load'}`;
  return t(
    (['load', 'solve', 'write', 'done'].includes(run.step ?? 'load')
      ? key
      : `campaigns.runs.status.${run.status}`) as MessageKey,
  );
}

const RANK: Record<EducationPriority, number> = { rep_plus: 0, rep: 1, none: 2 };

/**
 * The sentence that says why a wish was (or was not) granted, e.g. « Vœu 1 : complet ; le dernier
 * élève admis avait une priorité plus élevée (REP+). »
 */
export function explainWish(t: Translate, wish: WishOutcome, policy: CampaignPolicy): string {
  const rank = wish.rank;
  if (wish.outcome === 'obtained') return t('campaigns.explain.obtained', { rank });
  if (wish.outcome === 'not_needed' || !wish.refusal) {
    return t('campaigns.explain.notNeeded', { rank });
  }
  const r = wish.refusal;
  if (r.reason === 'not-eligible' || r.reason === 'not-ranked-by-offer') {
    return t('campaigns.explain.notEligible', { rank });
  }
  if (!r.cutoff) return t('campaigns.explain.reservedTaken', { rank });
  const reserved = r.cutoffSeats === 'reserved' ? t('campaigns.explain.reservedSeats') : '';
  const cutoff = r.cutoff;
  const own = r.own;
  let sentence: string;
  if (
    policy.priorityClasses &&
    cutoff.priority &&
    own?.priority &&
    RANK[cutoff.priority] < RANK[own.priority]
  ) {
    sentence = t('campaigns.explain.higherPriority', {
      rank,
      priority: priorityWord(t, cutoff.priority),
    });
  } else if (cutoff.lotteryRank !== null && own?.lotteryRank != null) {
    sentence =
      policy.priorityClasses && cutoff.priority === own.priority
        ? t('campaigns.explain.betterDraw', {
            rank,
            priority: priorityWord(t, own.priority),
            cutoff: cutoff.lotteryRank,
            own: own.lotteryRank,
          })
        : t('campaigns.explain.betterDrawOnly', {
            rank,
            cutoff: cutoff.lotteryRank,
            own: own.lotteryRank,
          });
  } else {
    sentence = t('campaigns.explain.full', { rank });
  }
  return sentence + reserved;
}
