import type { OverallStatus } from '@naija-monitor/protocol';

/**
 * What the browser tab says while another tab is in front: the title ("(2 firing) Degraded ·
 * Pipeline Monitor") and the icon, the dashboard's pulse in the overall status's colour with a
 * red dot while an alert fires. Pure; app.tsx applies it to the document.
 */

/** Pulse colour per overall status (the dark palette's tones; the icon sits on its own dark tile). */
const PULSE: Record<OverallStatus | 'offline', string> = {
  healthy: '#34d399',
  degraded: '#fbbf24',
  unhealthy: '#f87171',
  unknown: '#a3b0c5',
  offline: '#a3b0c5',
};

/** The tab's title: firing alerts first, then the health (or the connection's state). */
export function tabTitle(health: string, firing: number): string {
  return `${firing > 0 ? `(${firing} firing) ` : ''}${health} · Pipeline Monitor`;
}

/** The tab's icon as a `data:` URL (allowed by the CSP's `img-src data:`). */
export function tabIcon(overall: OverallStatus | null, firing: number): string {
  const pulse = PULSE[overall ?? 'offline'];
  const dot =
    firing > 0
      ? '<circle cx="19" cy="5" r="4.5" fill="#ef4444" stroke="#0f172a" stroke-width="1.5"/>'
      : '';
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
    '<rect width="24" height="24" rx="5" fill="#0f172a"/>' +
    `<path d="M3 12h3.5l2.2-5.5 3.6 11 2.7-7.3 1.3 1.8H21" fill="none" stroke="${pulse}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>` +
    `${dot}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
