// Team formation for school–enterprise challenges.
export {
  feasibleTeamCounts,
  formTeams,
  measureSpread,
  TeamSizeError,
  type ChallengeStudent,
  type TeamFormation,
  type TeamOptions,
  type TeamSizeErrorCode,
  type TeamSpread,
} from './form-teams.js';
