/** RFC 3339 date-time, as `toISOString()` writes it. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The `date-time` string format of the schemas: registered with TypeBox for `Value.Check`, and
 * called by the validators compiled ahead of time (compiled/server-message-checks.ts).
 */
export function isDateTime(value: string): boolean {
  return RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}

/** Every string format the schemas use, by name. */
export const FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'date-time': isDateTime,
};
