import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Database } from '../src/db/connection';
import { alertRoutes, type AlertRoutesOptions } from '../src/http/alert-routes';
import { installErrorHandler } from '../src/http/error-handler';
import { AlertEngine } from '../src/status/alerts/alert-engine';
import type { Signal } from '../src/status/signals/types';
import { AlertsRepository } from '../src/store/alerts-repository';
import { describeOnDatabases } from './support/databases';

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

const ADMIN = { name: 'ops-ada', secret: 'admin-secret-token-0001' };

async function startApp(
  database: Database,
  options: Omit<AlertRoutesOptions, 'database' | 'onChange'>,
  onChange: () => void,
): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandler(app);
  await app.register(alertRoutes, { database, ...options, onChange });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

describeOnDatabases('alert routes on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let changes = 0;
  let open: { app: FastifyInstance; base: string };
  let secured: { app: FastifyInstance; base: string };
  let closed: { app: FastifyInstance; base: string };
  let alertId: string;
  const json = { 'content-type': 'application/json' };
  // A read token (AUTH_TOKENS) and an admin token (ADMIN_TOKENS, named ops-ada).
  const bearer = { ...json, authorization: 'Bearer s3cret-token-read-01' };
  const admin = { ...json, authorization: `Bearer ${ADMIN.secret}` };

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    open = await startApp(
      database,
      {
        authTokens: [],
        adminTokens: [ADMIN],
        maxActiveSilences: 3,
        maxSilenceDurationMs: 86_400_000,
      },
      () => (changes += 1),
    );
    secured = await startApp(
      database,
      { authTokens: ['other-token-read-0000', 's3cret-token-read-01'], adminTokens: [ADMIN] },
      () => (changes += 1),
    );
    closed = await startApp(database, { authTokens: [], adminTokens: [] }, () => (changes += 1));
  });
  afterAll(async () => {
    await open?.app.close();
    await secured?.app.close();
    await closed?.app.close();
    await dispose?.();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('alerts').execute();
    await database.db.deleteFrom('alert_silences').execute();
    await database.db.deleteFrom('alert_audit').execute();
    await new AlertEngine({ repository: new AlertsRepository(database.db) }).evaluateAndRecord({
      now: new Date(),
      signals: [stalled],
      monitor: null,
    });
    alertId = (await new AlertsRepository(database.db).loadOpen())[0]!.id;
    changes = 0;
  });

  it('lists history and one alert; unknown ids are 404', async () => {
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

  it('acknowledges with comment and expiry as the admin token name; the engine shows it; withdrawing works', async () => {
    const response = await fetch(`${open.base}/api/v1/alerts/${alertId}/ack`, {
      method: 'POST',
      headers: admin,
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
    // The typed author is not trusted: the actor is the token's name.
    expect(body.acknowledgement).toMatchObject({
      by: 'ops-ada',
      comment: 'restarting the scheduler',
    });
    expect(Date.parse(body.acknowledgement.expires_at) - Date.now()).toBeGreaterThan(3500_000);
    expect(changes).toBe(1);
    const engine = new AlertEngine({ repository: new AlertsRepository(database.db) });
    const evaluation = await engine.evaluateAndRecord({
      now: new Date(),
      signals: [stalled],
      monitor: null,
    });
    expect(evaluation.alerts).toMatchObject([
      { id: alertId, acknowledged: true, acknowledged_by: 'ops-ada' },
    ]);
    const withdrawn = await fetch(`${open.base}/api/v1/alerts/${alertId}/ack`, {
      method: 'DELETE',
      headers: { authorization: admin.authorization },
    });
    expect(((await withdrawn.json()) as { acknowledgement: unknown }).acknowledgement).toBeNull();
  });

  it('creates, lists and ends silences; rejects bad ones', async () => {
    const created = await fetch(`${open.base}/api/v1/silences`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        matchers: { rule: 'source_silent', source: 'punch' },
        author: 'ada',
        comment: 'feed moving',
        duration_seconds: 7200,
      }),
    });
    expect(created.status).toBe(201);
    const silence = (await created.json()) as { id: string; active: boolean; created_by: string };
    expect(silence).toMatchObject({ active: true, created_by: 'ops-ada' });
    const listed = (await (await fetch(`${open.base}/api/v1/silences`)).json()) as {
      silences: unknown[];
    };
    expect(listed.silences).toHaveLength(1);
    expect(
      (
        await fetch(`${open.base}/api/v1/silences/${silence.id}`, {
          method: 'DELETE',
          headers: { authorization: admin.authorization },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${open.base}/api/v1/silences/${silence.id}`, {
          method: 'DELETE',
          headers: { authorization: admin.authorization },
        })
      ).status,
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
          headers: admin,
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

  it('with AUTH_TOKENS reads need a read or admin token; changes need an admin token', async () => {
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
    // A read token (the one in dashboards' URLs and Prometheus configs) cannot change alerts.
    const readOnly = await ack(bearer);
    expect(readOnly.status).toBe(403);
    expect(((await readOnly.json()) as { message: string }).message).toMatch(/ADMIN_TOKENS/);
    expect((await ack(admin)).status).toBe(200);
    // An admin token also reads.
    expect((await fetch(`${secured.base}/api/v1/alerts`, { headers: admin })).status).toBe(200);
    // Never from a query string.
    const inUrl = await fetch(
      `${secured.base}/api/v1/alerts/${alertId}/ack?token=${ADMIN.secret}`,
      { method: 'DELETE' },
    );
    expect(inUrl.status).toBe(401);
  });

  it('authorises changes before reading the body (L4): no token and a bad body is 401, not 400', async () => {
    const response = await fetch(`${secured.base}/api/v1/silences`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ nonsense: true }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('without ADMIN_TOKENS alert changes are closed, loopback included; reads stay open', async () => {
    const response = await fetch(`${closed.base}/api/v1/alerts/${alertId}/ack`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ author: 'local' }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(/ADMIN_TOKENS/);
    expect((await fetch(`${closed.base}/api/v1/alerts`)).status).toBe(200);
    expect(changes).toBe(0);
  });

  it('caps silences in force (MAX_ACTIVE_SILENCES) and their length (MAX_SILENCE_DURATION)', async () => {
    const create = (body: object) =>
      fetch(`${open.base}/api/v1/silences`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ matchers: { rule: 'x' }, comment: 'c', ...body }),
      });
    const tooLong = await create({ duration_seconds: 86_401 });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { message: string }).message).toMatch(/MAX_SILENCE_DURATION/);
    for (let i = 0; i < 3; i += 1) {
      expect((await create({ duration_seconds: 600 })).status).toBe(201);
    }
    const fourth = await create({ duration_seconds: 600 });
    expect(fourth.status).toBe(409);
    expect(((await fourth.json()) as { message: string }).message).toMatch(/MAX_ACTIVE_SILENCES/);
  });

  it('records who created and ended silences, and silences that ran out, in the audit trail', async () => {
    const created = (await (
      await fetch(`${open.base}/api/v1/silences`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ matchers: { rule: 'x' }, comment: 'c', duration_seconds: 600 }),
      })
    ).json()) as { id: string };
    await fetch(`${open.base}/api/v1/silences/${created.id}`, {
      method: 'DELETE',
      headers: { authorization: admin.authorization },
    });
    await database.db
      .insertInto('alert_silences')
      .values({
        matchers: { rule: 'y' },
        created_by: 'ops-ada',
        comment: 'old',
        starts_at: new Date(Date.now() - 7_200_000),
        ends_at: new Date(Date.now() - 3_600_000),
      })
      .execute();
    const audit = (await (await fetch(`${open.base}/api/v1/alert-audit`)).json()) as {
      entries: Array<{ actor: string; action: string; subject_id: string }>;
    };
    expect(audit.entries).toMatchObject([
      { actor: 'ops-ada', action: 'silence_ended', subject_id: created.id },
      { actor: 'ops-ada', action: 'silence_created', subject_id: created.id },
      { actor: 'system', action: 'silence_expired' },
    ]);
  });

  it('loopback is no credential: a forwarded request from 127.0.0.1 cannot change alerts (H1)', async () => {
    const forwarded = await fetch(`${open.base}/api/v1/alerts/${alertId}/ack`, {
      method: 'POST',
      headers: { ...json, 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ author: 'mallory' }),
    });
    expect(forwarded.status).toBe(401);
    const read = await open.app.inject({
      method: 'GET',
      url: '/api/v1/alerts',
      remoteAddress: '10.1.2.3',
    });
    expect(read.statusCode).toBe(200);
    expect(changes).toBe(0);
  });
});
