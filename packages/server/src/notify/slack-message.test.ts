import { describe, expect, it } from 'vitest';
import type { AlertNotification, AlertRecord } from '../status/alerts/types';
import { digestMessage, singleMessage } from './slack-message';

const at = new Date('2026-12-01T10:00:00Z');

/** An alert whose every outside-controlled part is hostile chat markup. */
function hostileRecord(): AlertRecord {
  const evil = '<!channel> @everyone <https://phish.example|Log in> [here](https://phish.example)';
  return {
    id: 'a1',
    fingerprint: `fp ${evil}`,
    rule: 'source_failing',
    severity: 'high',
    state: 'firing',
    title: `Source failing: ${evil}`,
    message: `the last 3 fetches failed (${evil} ${'x'.repeat(5000)})`,
    labels: { source: evil },
    group: `source:${evil}`,
    observed: 3,
    expected: 0,
    startedAt: at,
    conditionSince: at,
    firedAt: at,
    resolvedAt: null,
    updatedAt: at,
    lastActiveAt: at,
    recoveringSince: null,
    acknowledgement: null,
    notifiedState: null,
    notifiedAt: null,
  };
}

function everyText(message: unknown): string {
  return JSON.stringify(message);
}

describe('chat messages carry no live markup from outside text', () => {
  const notification: AlertNotification = { kind: 'firing', record: hostileRecord() };

  it.each([
    ['single', () => singleMessage(notification)],
    ['digest', () => digestMessage([notification, notification])],
  ])('%s message', (_name, build) => {
    const text = everyText(build());
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://');
    expect(text).not.toMatch(/@everyone/);
    expect(text).not.toContain('](https');
    // The 5 000-character fetch error is cut down.
    expect(text.length).toBeLessThan(4000);
  });
});
