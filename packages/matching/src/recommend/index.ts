// Scoring and recommendation: the fit of an offer, a mentor or an ambassador for a person, with
// its breakdown; top-k offers through a spatial index; candidate edges for the assignment.
export type { CriterionScore, ScoreBreakdown } from './breakdown.js';
export { dayNumber, type DateRange } from './calendar.js';
export { compareTrades, tradeFit, TRADE_FIT, type TradeFit, type TradeMatch } from './trade-fit.js';
export {
  DEFAULT_OFFER_WEIGHTS,
  scoreOffer,
  type EducationPriority,
  type OfferCriterion,
  type OfferForMatching,
  type OfferRefusal,
  type OfferScore,
  type OfferScoringOptions,
  type OfferSeeker,
  type OfferWeights,
} from './offer-score.js';
export {
  OfferIndex,
  rankOffers,
  recommendOffers,
  type OfferIndexOptions,
  type OfferSearch,
  type RecommendOptions,
  type RecommendedOffer,
} from './offer-index.js';
export {
  DEFAULT_MENTORING_WEIGHTS,
  MEETING_MODES,
  scoreMentorship,
  type MeetingMode,
  type MenteeProfile,
  type MentorProfile,
  type MentoringCriterion,
  type MentoringRefusal,
  type MentoringScoringOptions,
  type MentoringWeights,
  type MentorshipScore,
  type WeeklySlots,
} from './mentoring-score.js';
export {
  DEFAULT_VISIT_WEIGHTS,
  scoreAmbassadorVisit,
  type AmbassadorProfile,
  type DatedScore,
  type VisitCriterion,
  type VisitRefusal,
  type VisitRequestProfile,
  type VisitScore,
  type VisitScoringOptions,
  type VisitWeights,
} from './visit-score.js';
export {
  mentoringCandidates,
  visitCandidates,
  type MentoringCandidateOptions,
} from './candidates.js';
