export {
  toSaudiDateTime,
  parseInstant,
  instantProblem,
  isCalendarDate,
  RIYADH_OFFSET_MINUTES,
  RIYADH_OFFSET_MS,
  type SaudiDateTime,
} from './saudi-time';
