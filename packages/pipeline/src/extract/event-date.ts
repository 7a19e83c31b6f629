const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAY_MS = 86_400_000;
// Nigeria is on West Africa Time, UTC+1 all year: an event "on Sunday night" is a Lagos date.
const LAGOS_OFFSET_MS = 3_600_000;

/** The calendar day of `at` in Nigeria, as `YYYY-MM-DD`. */
export function lagosDate(at: Date): string {
  return new Date(at.getTime() + LAGOS_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The day an event happened, read from the text relative to the publication day:
 * "12 March" / "March 12" (the latest such date not after publication), "on Sunday" (the
 * latest Sunday on or before publication), "yesterday". Null when the text names no day or
 * names one after publication.
 */
export function eventDateFromText(lowerText: string, publishedDay: string): string | null {
  const base = Date.parse(`${publishedDay}T00:00:00Z`);
  const explicit = explicitDate(lowerText, base);
  if (explicit !== null) return explicit;
  if (/\byesterday\b/.test(lowerText)) return iso(base - DAY_MS);
  const weekday = new RegExp(`\\b(${WEEKDAYS.join('|')})\\b`).exec(lowerText);
  if (weekday) {
    const target = WEEKDAYS.indexOf(weekday[1]!);
    const daysBack = (new Date(base).getUTCDay() - target + 7) % 7;
    return iso(base - daysBack * DAY_MS);
  }
  return null;
}

function explicitDate(text: string, base: number): string | null {
  const month = `(${MONTHS.join('|')})`;
  const dayFirst = new RegExp(
    `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${month}(?:,?\\s+(\\d{4}))?\\b`,
  ).exec(text);
  const monthFirst = new RegExp(
    `\\b${month}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`,
  ).exec(text);
  const parts = dayFirst
    ? { day: Number(dayFirst[1]), month: MONTHS.indexOf(dayFirst[2]!), year: dayFirst[3] }
    : monthFirst
      ? { day: Number(monthFirst[2]), month: MONTHS.indexOf(monthFirst[1]!), year: monthFirst[3] }
      : null;
  if (!parts || parts.day < 1 || parts.day > 31) return null;
  const baseYear = new Date(base).getUTCFullYear();
  let at = Date.UTC(parts.year ? Number(parts.year) : baseYear, parts.month, parts.day);
  if (!parts.year && at > base) at = Date.UTC(baseYear - 1, parts.month, parts.day);
  if (at > base || new Date(at).getUTCDate() !== parts.day) return null;
  return iso(at);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
