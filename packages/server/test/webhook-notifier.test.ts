import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection';
import { openDatabase } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { WebhookNotifier } from '../src/notify/webhook-notifier';
import type { SlackMessage } from '../src/notify/slack-message';
import { AlertEngine } from '../src/status/alerts/alert-engine';
import type { AlertNotification, AlertRecord } from '../src/status/alerts/types';
import type { Signal } from '../src/status/signals/types';
import { AlertsRepository } from '../src/store/alerts-repository';

/** A real HTTP receiver on port 0; `respond` decides each answer. */
class Receiver {
  readonly bodies: SlackMessage[] = [];
  respond: (index: number, response: ServerResponse) => void = (_, response) => response.end('ok');
  #server: Server | undefined;
  #requests = 0;

  async start(): Promise<string> {
    this.#server = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as SlackMessage);
        this.respond(this.#requests++, response);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks/T000/B000/secret`;
  }

  reset(): void {
    this.bodies.length = 0;
    this.#requests = 0;
    this.respond = (_, response) => response.end('ok');
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

const T0 = new Date('2026-03-02T08:00:00Z');

function record(index: number, extra: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    fingerprint: `fp${index}`,
    rule: 'source_silent',
    severity: 'high',
    state: 'firing',
    title: `Source s${index} is silent`,
    message: `s${index}: no new articles for 8 h; fetches are failing`,
    labels: { source: `s${index}` },
    group: 'source_silent',
    observed: 28_800,
    expected: 3600,
    startedAt: T0,
    conditionSince: T0,
    firedAt: T0,
    resolvedAt: null,
    updatedAt: T0,
    lastActiveAt: T0,
    recoveringSince: null,
    acknowledgement: null,
    notifiedState: null,
    notifiedAt: null,
    ...extra,
  };
}
const firing = (index: number): AlertNotification => ({ kind: 'firing', record: record(index) });

describe('webhook notifications', () => {
  const receiver = new Receiver();
  let url: string;
  beforeAll(async () => {
    url = await receiver.start();
  });
  afterEach(() => receiver.reset());
  afterAll(() => receiver.stop());

  it('sends one Slack-compatible message per transition, through the engine', async () => {
    const database: Database = await openDatabase({ dataDir: 'memory' });
    await migrate(database);
    const notifier = new WebhookNotifier({ urls: [url] });
    const engine = new AlertEngine({
      repository: new AlertsRepository(database.db),
      notifier,
      repeatIntervalMs: 0,
    });
    const stalled: Signal = {
      kind: 'pipeline_stalled',
      subject: 'pipeline',
      labels: {},
      severity: 'high',
      observed: 9000,
      expected: 3600,
      since: T0,
      description: 'No pipeline run for 150 min; runs usually start every 60 min',
    };
    const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
    for (let seconds = 0; seconds <= 60; seconds += 5)
      await engine.evaluateAndRecord({ now: at(seconds), signals: [stalled], monitor: null });
    for (let seconds = 65; seconds <= 400; seconds += 5)
      await engine.evaluateAndRecord({ now: at(seconds), signals: [], monitor: null });
    await notifier.flush();
    expect(receiver.bodies.map((body) => body.text.split(':')[0])).toEqual([
      '[FIRING] Pipeline stalled (critical)',
      '[RESOLVED] Pipeline stalled (critical)',
    ]);
    const [fired] = receiver.bodies;
    expect(fired!.attachments[0]).toMatchObject({
      color: '#a30000',
      text: 'No pipeline run for 150 min; runs usually start every 60 min',
      fields: expect.arrayContaining([
        { title: 'Observed', value: '9000', short: true },
        { title: 'Expected', value: '3600', short: true },
        { title: 'Since', value: T0.toISOString(), short: true },
      ]),
    });
    await database.close();
  });

  it('retries on 500 with backoff until the receiver accepts', async () => {
    receiver.respond = (index, response) => {
      response.statusCode = index < 2 ? 500 : 200;
      response.end();
    };
    const notifier = new WebhookNotifier({ urls: [url], retryDelayMs: 20 });
    notifier.notify([firing(1)]);
    await notifier.flush();
    expect(receiver.bodies).toHaveLength(3);
    expect(new Set(receiver.bodies.map((body) => JSON.stringify(body))).size).toBe(1);
  });

  it('gives up after its retries, and does not retry a 400', async () => {
    receiver.respond = (_, response) => {
      response.statusCode = 503;
      response.end();
    };
    const notifier = new WebhookNotifier({ urls: [url], retries: 2, retryDelayMs: 10 });
    notifier.notify([firing(1)]);
    await notifier.flush();
    expect(receiver.bodies).toHaveLength(3);
    receiver.reset();
    receiver.respond = (_, response) => {
      response.statusCode = 400;
      response.end('invalid_payload');
    };
    notifier.notify([firing(2)]);
    await notifier.flush();
    expect(receiver.bodies).toHaveLength(1);
  });

  it('times out a receiver that never answers and carries on with the next message', async () => {
    receiver.respond = (index, response) => {
      if (index === 0) return; // hang
      response.end('ok');
    };
    const notifier = new WebhookNotifier({ urls: [url], timeoutMs: 200, retries: 0 });
    const started = performance.now();
    notifier.notify([firing(1)]);
    notifier.notify([firing(2)]);
    await notifier.flush();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(receiver.bodies.map((body) => body.attachments[0]!.title)).toEqual([
      '[FIRING] Source s1 is silent (high)',
      '[FIRING] Source s2 is silent (high)',
    ]);
  });

  it('sends one digest when many alerts fire at once', async () => {
    const notifier = new WebhookNotifier({ urls: [url] });
    notifier.notify(Array.from({ length: 20 }, (_, index) => firing(index)));
    await notifier.flush();
    expect(receiver.bodies).toHaveLength(1);
    const [digest] = receiver.bodies;
    expect(digest!.text).toContain('20 alert changes (20 firing)');
    expect(digest!.attachments).toHaveLength(1);
    expect(digest!.attachments[0]!.title).toBe('source_silent: 20 changes');
    expect(digest!.attachments[0]!.text.split('\n')).toHaveLength(11);
  });

  it('turns a steady stream into digests once a target has had its share of the minute', async () => {
    const notifier = new WebhookNotifier({ urls: [url], maxMessagesPerMinute: 4 });
    for (let index = 0; index < 8; index += 1) notifier.notify([firing(index)]);
    await notifier.flush();
    expect(receiver.bodies).toHaveLength(8);
    expect(receiver.bodies.filter((body) => body.text.includes('alert changes'))).toHaveLength(4);
  });
});
