const UNITS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  dozen: 12,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/**
 * A regular-expression fragment matching a count written in digits ("12", "1,200") or words
 * ("twelve", "twenty-three", "a dozen", "two hundred", "one hundred and five").
 */
export const NUMBER_PATTERN =
  // Starts only where a number starts (not inside a word or after "1," of "1,000"), and digits
  // are bounded: so a run of 200 000 digits is tried once, not once per digit.
  '(?<!\\w|\\d[,.])(?:\\d{1,3}(?:,\\d{3}){1,3}(?!\\d|,\\d)|\\d{1,6}(?!\\d|,\\d)|(?:(?:a|one|two|three|four|five|six|seven|eight|nine)\\s+hundred(?:\\s+and)?\\s+)?' +
  '(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\\s](?:one|two|three|four|five|six|seven|eight|nine))?' +
  '|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen' +
  '|(?:a\\s+)?dozen|an?)' +
  '|(?:a|one|two|three|four|five|six|seven|eight|nine)\\s+hundred)';

/** Reads a count matched by {@link NUMBER_PATTERN}; null when it is not one. */
export function parseCount(text: string): number | null {
  const t = text.toLowerCase().trim().replace(/\s+/g, ' ');
  if (/^\d{1,3}(,\d{3})+$|^\d+$/.test(t)) return Number(t.replace(/,/g, ''));
  let total = 0;
  let current = 0;
  let seen = false;
  for (const word of t.split(/[\s-]+/)) {
    if (word === 'and') continue;
    if (word === 'hundred') {
      current = (current || 1) * 100;
      seen = true;
    } else if (word in TENS) {
      current += TENS[word]!;
      seen = true;
    } else if (word in UNITS) {
      // "a dozen": the article does not add one.
      if ((word === 'a' || word === 'an') && t.includes('dozen')) continue;
      current += UNITS[word]!;
      seen = true;
    } else {
      return null;
    }
  }
  total += current;
  return seen ? total : null;
}
