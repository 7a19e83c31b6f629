import type { AlertNotification } from '../status/alerts/types';
import { chatSafe } from './chat-text';

/**
 * Slack-compatible webhook bodies (`text` plus legacy `attachments`), which Slack, Mattermost,
 * Rocket.Chat and Discord's `/slack` endpoints all accept. `text` alone reads well where
 * attachments are not rendered.
 */

/** One attachment of a Slack message. */
export interface SlackAttachment {
  color: string;
  title: string;
  text: string;
  fields?: Array<{ title: string; value: string; short: boolean }>;
  footer?: string;
  ts?: number;
}

/** The JSON body posted to a webhook. */
export interface SlackMessage {
  text: string;
  attachments: SlackAttachment[];
}

const COLORS = {
  critical: '#a30000',
  high: '#e01e5a',
  medium: '#ecb22e',
  low: '#439fe0',
  resolved: '#2eb67d',
} as const;

const LABEL: Record<AlertNotification['kind'], string> = {
  firing: 'FIRING',
  resolved: 'RESOLVED',
  reminder: 'STILL FIRING',
};

const colorOf = (notification: AlertNotification) =>
  notification.kind === 'resolved' ? COLORS.resolved : COLORS[notification.record.severity];

const number = (value: number | null) =>
  value === null ? 'n/a' : Number.isInteger(value) ? String(value) : value.toFixed(2);

/**
 * The headline of one notification: `[FIRING] Pipeline stalled (critical)`. Every piece of an
 * alert that can carry outside text (titles and messages name sources and quote fetch errors;
 * labels and groups come from ingested names) goes through {@link chatSafe}.
 */
export function headline(notification: AlertNotification): string {
  return `[${LABEL[notification.kind]}] ${chatSafe(notification.record.title)} (${notification.record.severity})`;
}

/** The message for a single notification. */
export function singleMessage(
  notification: AlertNotification,
  source = 'naija-pipeline-monitor',
): SlackMessage {
  const { record } = notification;
  const fields = [
    { title: 'Observed', value: number(record.observed), short: true },
    { title: 'Expected', value: number(record.expected), short: true },
    {
      title: 'Since',
      value: (record.conditionSince ?? record.startedAt).toISOString(),
      short: true,
    },
  ];
  if (notification.kind === 'resolved' && record.resolvedAt) {
    fields.push({ title: 'Resolved', value: record.resolvedAt.toISOString(), short: true });
  }
  const labels = Object.entries(record.labels);
  if (labels.length > 0) {
    fields.push({
      title: 'Labels',
      value: chatSafe(labels.map(([key, value]) => `${key}=${value}`).join(', '), 1000),
      short: false,
    });
  }
  return {
    text: `${headline(notification)}: ${chatSafe(record.message)}`,
    attachments: [
      {
        color: colorOf(notification),
        title: headline(notification),
        text: chatSafe(record.message),
        fields,
        footer: chatSafe(`${source} · ${record.rule} · ${record.fingerprint}`),
        ts: Math.floor((record.resolvedAt ?? record.firedAt ?? record.startedAt).getTime() / 1000),
      },
    ],
  };
}

/**
 * One message summing up many notifications, one attachment per group, at most
 * `linesPerGroup` lines each: what an operator needs when twenty sources fail at once.
 */
export function digestMessage(
  notifications: readonly AlertNotification[],
  options: { linesPerGroup?: number; source?: string } = {},
): SlackMessage {
  const linesPerGroup = options.linesPerGroup ?? 10;
  const counts = { firing: 0, resolved: 0, reminder: 0 };
  const groups = new Map<string, AlertNotification[]>();
  for (const notification of notifications) {
    counts[notification.kind] += 1;
    const list = groups.get(notification.record.group) ?? [];
    list.push(notification);
    groups.set(notification.record.group, list);
  }
  const summary = (['firing', 'resolved', 'reminder'] as const)
    .filter((kind) => counts[kind] > 0)
    .map((kind) => `${counts[kind]} ${kind === 'reminder' ? 'still firing' : kind}`)
    .join(', ');
  const severityRank = { low: 0, medium: 1, high: 2, critical: 3 };
  const attachments = [...groups].map(([group, list]): SlackAttachment => {
    const worst = list.reduce((a, b) =>
      severityRank[b.record.severity] > severityRank[a.record.severity] ? b : a,
    );
    const allResolved = list.every((n) => n.kind === 'resolved');
    const lines = list
      .slice(0, linesPerGroup)
      .map((n) => `• ${headline(n)}: ${chatSafe(n.record.message)}`);
    if (list.length > linesPerGroup) lines.push(`…and ${list.length - linesPerGroup} more`);
    return {
      color: allResolved ? COLORS.resolved : COLORS[worst.record.severity],
      title: `${chatSafe(group)}: ${list.length} change${list.length === 1 ? '' : 's'}`,
      text: lines.join('\n'),
    };
  });
  return {
    text: `${options.source ?? 'naija-pipeline-monitor'}: ${notifications.length} alert changes (${summary})`,
    attachments,
  };
}
