/** Alert notifications to Slack-compatible webhooks. */
export { WebhookNotifier } from './webhook-notifier';
export type { WebhookNotifierOptions } from './webhook-notifier';
export { digestMessage, singleMessage } from './slack-message';
export type { SlackMessage } from './slack-message';
