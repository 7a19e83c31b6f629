/**
 * Kiosk mode for a wall screen (`?kiosk`, as in Grafana): the status, the timeline and the
 * panels without the controls. Esc leaves it. The parameter survives view changes, because the
 * view state keeps parameters that are not its own.
 */

const PARAM = 'kiosk';

/** True for `?kiosk`, `?kiosk=1` or `?kiosk=true`; `?kiosk=0` and `?kiosk=false` are off. */
export function isKiosk(search: string): boolean {
  const value = new URLSearchParams(search).get(PARAM);
  return value !== null && value !== '0' && value.toLowerCase() !== 'false';
}

/** `search` without the kiosk parameter. */
export function withoutKiosk(search: string): string {
  const params = new URLSearchParams(search);
  params.delete(PARAM);
  const text = params.toString();
  return text ? `?${text}` : '';
}
