export {
  toSaudiDateTime,
  parseInstant,
  instantProblem,
  isCalendarDate,
  type SaudiDateTime,
} from './saudi-time';
