import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection';
import { alertRoutes } from '../src/http/alert-routes';
import { installErrorHandler } from '../src/http/error-handler';
import { AlertEngine } from '../src/status/alerts/alert-engine';
import type { Signal } from '../src/status/signals/types';
import { AlertsRepository } from '../src/store/alerts-repository';
import { databaseTargets } from './support/databases';

const stalled: Signal = {
  kind: 'pipeline_stalled',
  subject: 'pipeline',
  labels: {},
  severity: 'high',
  observed: 9000,
  expected: 3600,
  since: new Date('2026-03-02T05:30:00Z'),
  description: 'No pipeline run for 150 min',
};

async function startApp(
  database: Database,
  authTokens: string[],
  onChange: () => void,
): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandler(app);
  await app.register(alertRoutes, { database, authTokens, onChange });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

describe.each(databaseTargets)('alert routes on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let changes = 0;
  let open: { app: FastifyInstance; base: string };
  let secured: { app: FastifyInstance; base: string };
  let alertId: string;
  const json = { 'content-type': 'application/json' };
  const bearer = { ...json, authorization: 'Bearer s3cret-token' };

  beforeAll(async () => {
    if (target.skipReason) return;
    ({ database, dispose } = await target.open());
    open = await startApp(database, [], () => (changes += 1));
    secured = await startApp(database, ['other-token', 's3cret-token'], () => (changes += 1));
  });
  afterAll(async () => {
    await open?.app.close();
    await secured?.app.close();
    await dispose?.();
  });
  beforeEach(async () => {
    if (target.skipReason) return;
    await database.db.deleteFrom('alerts').execute();
    await database.db.deleteFrom('alert_silences').execute();
    await new AlertEngine({ repository: new AlertsRepository(database.db) }).evaluate({
      now: new Date(),
      signals: [stalled],
      monitor: null,
    });
    alertId = (await new AlertsRepository(database.db).loadOpen())[0]!.id;
    changes = 0;
  });

  it.skipIf(target.skipReason)('lists history and one alert; unknown ids are 404', async () => {
    const list = (await (await fetch(`${open.base}/api/v1/alerts?state=open`)).json()) as {
      alerts: Array<{ id: string; rule: string }>;
    };
    expect(list.alerts).toMatchObject([
      { id: alertId, rule: 'pipeline_stalled', state: 'firing', severity: 'critical' },
    ]);
    const one = await fetch(`${open.base}/api/v1/alerts/${alertId}`);
    expect(one.status).toBe(200);
    expect(
      (await fetch(`${open.base}/api/v1/alerts/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(404);
    expect((await fetch(`${open.base}/api/v1/alerts/not-a-uuid`)).status).toBe(404);
  });

  it.skipIf(target.skipReason)(
    'acknowledges with author, comment and expiry; the engine shows it; withdrawing works',
    async () => {
      const response = await fetch(`${open.base}/api/v1/alerts/${alertId}/ack`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          author: 'ada',
          comment: 'restarting the scheduler',
          expires_in_seconds: 3600,
        }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        acknowledgement: { by: string; comment: string; expires_at: string };
      };
      expect(body.acknowledgement).toMatchObject({
        by: 'ada',
        comment: 'restarting the scheduler',
      });
      expect(Date.parse(body.acknowledgement.expires_at) - Date.now()).toBeGreaterThan(3500_000);
      expect(changes).toBe(1);
      const engine = new AlertEngine({ repository: new AlertsRepository(database.db) });
      const evaluation = await engine.evaluate({
        now: new Date(),
        signals: [stalled],
        monitor: null,
      });
      expect(evaluation.alerts).toMatchObject([
        { id: alertId, acknowledged: true, acknowledged_by: 'ada' },
      ]);
      const withdrawn = await fetch(`${open.base}/api/v1/alerts/${alertId}/ack`, {
        method: 'DELETE',
      });
      expect(((await withdrawn.json()) as { acknowledgement: unknown }).acknowledgement).toBeNull();
    },
  );

  it.skipIf(target.skipReason)('creates, lists and ends silences; rejects bad ones', async () => {
    const created = await fetch(`${open.base}/api/v1/silences`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        matchers: { rule: 'source_silent', source: 'punch' },
        author: 'ada',
        comment: 'feed moving',
        duration_seconds: 7200,
      }),
    });
    expect(created.status).toBe(201);
    const silence = (await created.json()) as { id: string; active: boolean; created_by: string };
    expect(silence).toMatchObject({ active: true, created_by: 'ada' });
    const listed = (await (await fetch(`${open.base}/api/v1/silences`)).json()) as {
      silences: unknown[];
    };
    expect(listed.silences).toHaveLength(1);
    expect(
      (await fetch(`${open.base}/api/v1/silences/${silence.id}`, { method: 'DELETE' })).status,
    ).toBe(200);
    expect(
      (await fetch(`${open.base}/api/v1/silences/${silence.id}`, { method: 'DELETE' })).status,
    ).toBe(404);
    expect(
      ((await (await fetch(`${open.base}/api/v1/silences`)).json()) as { silences: unknown[] })
        .silences,
    ).toHaveLength(0);
    const ended = (await (
      await fetch(`${open.base}/api/v1/silences?include_ended=true`)
    ).json()) as { silences: Array<{ active: boolean }> };
    expect(ended.silences).toMatchObject([{ active: false }]);
    expect(changes).toBe(2);

    const bad = async (body: object) =>
      (
        await fetch(`${open.base}/api/v1/silences`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify(body),
        })
      ).status;
    expect(await bad({ matchers: {}, author: 'ada', comment: 'x', duration_seconds: 600 })).toBe(
      400,
    );
    expect(await bad({ matchers: { rule: 'x' }, author: 'ada', comment: 'x' })).toBe(400);
    expect(
      await bad({
        matchers: { rule: 'x' },
        author: 'ada',
        comment: 'x',
        ends_at: '2020-01-01T00:00:00Z',
      }),
    ).toBe(400);
    expect(
      await bad({ matchers: { rule: 'x' }, author: '', comment: 'x', duration_seconds: 600 }),
    ).toBe(400);
  });

  it.skipIf(target.skipReason)(
    'with AUTH_TOKENS every route needs a valid bearer token',
    async () => {
      expect((await fetch(`${secured.base}/api/v1/alerts`)).status).toBe(401);
      expect(
        (
          await fetch(`${secured.base}/api/v1/alerts`, {
            headers: { authorization: 'Bearer wrong' },
          })
        ).status,
      ).toBe(401);
      expect((await fetch(`${secured.base}/api/v1/alerts`, { headers: bearer })).status).toBe(200);
      const ack = (headers: Record<string, string>) =>
        fetch(`${secured.base}/api/v1/alerts/${alertId}/ack`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ author: 'ada' }),
        });
      expect((await ack(json)).status).toBe(401);
      expect((await ack(bearer)).status).toBe(200);
    },
  );

  it.skipIf(target.skipReason)('without AUTH_TOKENS only this host may change alerts', async () => {
    const remote = await open.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${alertId}/ack`,
      remoteAddress: '10.1.2.3',
      payload: { author: 'mallory' },
    });
    expect(remote.statusCode).toBe(403);
    const read = await open.app.inject({
      method: 'GET',
      url: '/api/v1/alerts',
      remoteAddress: '10.1.2.3',
    });
    expect(read.statusCode).toBe(200);
    expect(changes).toBe(0);
  });
});
