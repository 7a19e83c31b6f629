import type { BaseLogger } from 'pino';
import type { AlertNotifier } from '../status/alerts/alert-engine';
import type { AlertNotification } from '../status/alerts/types';
import { digestMessage, singleMessage, type SlackMessage } from './slack-message';

/** Options of {@link WebhookNotifier}. */
export interface WebhookNotifierOptions {
  /** Webhook URLs (Slack incoming webhooks or compatible). */
  urls: readonly string[];
  /** Longest one POST may take. @default 5000 */
  timeoutMs?: number;
  /** Retries after a failed POST (network error, timeout, 429, 5xx). @default 3 */
  retries?: number;
  /** First retry delay, doubled each time (a `Retry-After` header wins, capped). @default 1000 */
  retryDelayMs?: number;
  /** @default 30000 */
  maxRetryDelayMs?: number;
  /** A batch with more notifications than this is sent as one digest. @default 3 */
  digestAfter?: number;
  /**
   * Most messages per target per minute; beyond it a batch becomes a digest, so a storm is
   * a handful of digests, not a flood. @default 12
   */
  maxMessagesPerMinute?: number;
  /** Shown in the messages' footer. @default 'naija-pipeline-monitor' */
  source?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  log?: Pick<BaseLogger, 'warn' | 'info'>;
}

/** Why a POST failed, and whether it is worth retrying. */
interface Outcome {
  ok: boolean;
  retry: boolean;
  retryAfterMs: number | null;
  detail: string;
}

/**
 * Sends alert notifications to webhooks: one message per notification for small batches, one
 * digest for large batches or when a target has had its share of messages this minute. Each
 * target has its own queue (messages keep their order; a slow target does not hold up the
 * others) with timeouts and exponential-backoff retries. `notify` never blocks or throws.
 */
export class WebhookNotifier implements AlertNotifier {
  readonly #urls: readonly string[];
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #digestAfter: number;
  readonly #maxPerMinute: number;
  readonly #source: string;
  readonly #fetch: typeof fetch;
  readonly #log: Pick<BaseLogger, 'warn' | 'info'> | undefined;
  readonly #queues = new Map<string, Promise<void>>();
  readonly #sentAt = new Map<string, number[]>();
  #closed = false;

  constructor(options: WebhookNotifierOptions) {
    this.#urls = options.urls;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#retries = options.retries ?? 3;
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.#digestAfter = options.digestAfter ?? 3;
    this.#maxPerMinute = options.maxMessagesPerMinute ?? 12;
    this.#source = options.source ?? 'naija-pipeline-monitor';
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#log = options.log;
  }

  notify(batch: readonly AlertNotification[]): void {
    if (this.#closed || batch.length === 0) return;
    for (const url of this.#urls) {
      const messages = this.#plan(url, batch);
      const tail = this.#queues.get(url) ?? Promise.resolve();
      const next = tail.then(async () => {
        for (const message of messages) await this.#deliver(url, message);
      });
      this.#queues.set(url, next);
    }
  }

  /** Resolves when everything queued so far has been delivered or given up on. */
  async flush(): Promise<void> {
    await Promise.all(this.#queues.values());
  }

  /** Stops accepting notifications and waits for the queues. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #plan(url: string, batch: readonly AlertNotification[]): SlackMessage[] {
    const now = Date.now();
    const recent = (this.#sentAt.get(url) ?? []).filter((time) => now - time < 60_000);
    const digest =
      batch.length > this.#digestAfter || recent.length + batch.length > this.#maxPerMinute;
    const messages = digest
      ? [digestMessage(batch, { source: this.#source })]
      : batch.map((notification) => singleMessage(notification, this.#source));
    for (let i = 0; i < messages.length; i += 1) recent.push(now);
    this.#sentAt.set(url, recent);
    return messages;
  }

  async #deliver(url: string, message: SlackMessage): Promise<void> {
    const body = JSON.stringify(message);
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.#post(url, body);
      if (outcome.ok) return;
      if (!outcome.retry || attempt >= this.#retries) {
        this.#log?.warn(
          { target: redact(url), attempts: attempt + 1, detail: outcome.detail },
          'alert webhook delivery failed',
        );
        return;
      }
      const backoffMs = this.#retryDelayMs * 2 ** attempt;
      const delayMs = Math.min(this.#maxRetryDelayMs, outcome.retryAfterMs ?? backoffMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  async #post(url: string, body: string): Promise<Outcome> {
    try {
      const response = await this.#fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok)
        return { ok: true, retry: false, retryAfterMs: null, detail: String(response.status) };
      const retryAfter = Number(response.headers.get('retry-after'));
      return {
        ok: false,
        retry: response.status === 429 || response.status >= 500,
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
        detail: `HTTP ${response.status}`,
      };
    } catch (error) {
      return {
        ok: false,
        retry: true,
        retryAfterMs: null,
        detail: (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message,
      };
    }
  }
}

/** A webhook URL without its secret path (Slack puts the credential there). */
function redact(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid url';
  }
}
