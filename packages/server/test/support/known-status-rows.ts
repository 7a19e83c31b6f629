import { expect } from 'vitest';

import { Value } from '@sinclair/typebox/value';
import { StatusDocumentSchema, type StatusDocument } from '@naija-monitor/protocol';
import type { Database } from '../../src/db/connection';
import { createStatusEngine, type StatusEngineOptions } from '../../src/status/status-engine';

// Fixed clock: window = the 24 h before NOW; trend hours 2026-01-27T16:00Z .. 2026-01-28T15:00Z.
export const NOW = new Date('2026-01-28T15:30:00.000Z');
export const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
export const iso = (minutes: number) => ago(minutes).toISOString();

export function expectValid(document: StatusDocument): void {
  const errors = [...Value.Errors(StatusDocumentSchema, document)].map(
    (error) => `${error.path}: ${error.message}`,
  );
  expect(errors).toEqual([]);
}

/**
 * One computation at {@link NOW} on `database` (node `n` unless `options` say otherwise),
 * checked against the schema.
 */
export async function computeValid(
  database: Database,
  options: Partial<StatusEngineOptions> = {},
): Promise<StatusDocument> {
  const document = await createStatusEngine({
    database,
    nodeId: 'n',
    now: () => NOW,
    ...options,
  }).compute();
  expectValid(document);
  return document;
}

/**
 * Known rows, every number below derived by hand from them:
 * - sources: punch (ok), vanguard (failing), channels (running), premium (never ran),
 *   dailytrust (disabled); punch/dailytrust also have rows older than the window.
 * - runs: R0 30 h ago (outside), R1 2 h ago (partial, error), R2 10 min ago (running, latest).
 */
export async function insertKnownRows(database: Database): Promise<{ latestRunId: string }> {
  const { db } = database;
  await db
    .insertInto('sources')
    .values([
      {
        id: 'punch',
        name: 'Punch',
        url: 'https://punchng.com/feed/',
        expected_interval_seconds: 3600,
      },
      {
        id: 'vanguard',
        name: 'Vanguard',
        url: 'https://www.vanguardngr.com/feed/',
        expected_interval_seconds: 1800,
      },
      {
        id: 'channels',
        name: 'Channels TV',
        url: 'https://www.channelstv.com/feed/',
        expected_interval_seconds: 900,
      },
      {
        id: 'premium',
        name: 'Premium Times',
        url: 'https://www.premiumtimesng.com/feed',
        expected_interval_seconds: 3600,
      },
      {
        id: 'dailytrust',
        name: 'Daily Trust',
        url: 'https://dailytrust.com/feed/',
        enabled: false,
      },
    ])
    .execute();
  const runs = await db
    .insertInto('pipeline_runs')
    .values([
      { started_at: ago(30 * 60), finished_at: ago(30 * 60 - 5), state: 'succeeded' },
      {
        started_at: ago(120),
        finished_at: ago(115),
        state: 'partial',
        error: 'extraction crashed on 1 article',
      },
      { started_at: ago(10), state: 'running' },
    ])
    .returning(['id', 'started_at'])
    .execute();
  const [r0, r1, r2] = runs
    .sort((a, b) => a.started_at.getTime() - b.started_at.getTime())
    .map((r) => r.id);
  await db
    .insertInto('run_stages')
    .values([
      // The older run's stages must not show.
      {
        run_id: r1!,
        stage: 'collection',
        state: 'failed',
        items: 1,
        total: 9,
        started_at: ago(120),
        finished_at: ago(119),
      },
      {
        run_id: r2!,
        stage: 'collection',
        state: 'succeeded',
        items: 20,
        total: 20,
        started_at: ago(10),
        finished_at: ago(8),
      },
      {
        run_id: r2!,
        stage: 'processing',
        state: 'succeeded',
        items: 18,
        total: 20,
        started_at: ago(8),
        finished_at: ago(7),
      },
      {
        run_id: r2!,
        stage: 'extraction',
        state: 'running',
        items: 5,
        total: 18,
        started_at: ago(7),
      },
      { run_id: r2!, stage: 'geocoding', state: 'pending', items: 0, total: 0 },
    ])
    .execute();
  const sourceRuns = await db
    .insertInto('source_runs')
    .values([
      {
        run_id: r0!,
        source_id: 'punch',
        state: 'failed',
        started_at: ago(30 * 60),
        error: 'old failure',
      },
      {
        run_id: r0!,
        source_id: 'dailytrust',
        state: 'succeeded',
        started_at: ago(30 * 60),
        finished_at: ago(30 * 60 - 1),
      },
      {
        run_id: r1!,
        source_id: 'punch',
        state: 'succeeded',
        started_at: ago(120),
        finished_at: ago(119.5),
        articles_new: 2,
      },
      {
        run_id: r1!,
        source_id: 'vanguard',
        state: 'failed',
        started_at: ago(120),
        finished_at: ago(119),
        error: 'HTTP 503',
      },
      {
        run_id: r1!,
        source_id: 'channels',
        state: 'empty',
        started_at: ago(120),
        finished_at: ago(119.8),
      },
      {
        run_id: r2!,
        source_id: 'punch',
        state: 'succeeded',
        started_at: ago(9),
        finished_at: ago(8.5),
        articles_new: 1,
      },
      {
        run_id: r2!,
        source_id: 'vanguard',
        state: 'failed',
        started_at: ago(9),
        finished_at: ago(8),
        error: 'HTTP 500 from vanguardngr.com',
      },
      { run_id: r2!, source_id: 'channels', state: 'running', started_at: ago(9) },
    ])
    .returning(['id', 'source_id', 'run_id'])
    .execute();
  const runOf = (source: string, run: string) =>
    sourceRuns.find((r) => r.source_id === source && r.run_id === run)!.id;
  const articles = await db
    .insertInto('articles')
    .values([
      {
        source_id: 'punch',
        source_run_id: runOf('punch', r1!),
        url: 'https://punchng.com/a1',
        title: 'A1',
        fetched_at: ago(119),
        content_hash: 'h1',
      },
      {
        source_id: 'punch',
        source_run_id: runOf('punch', r1!),
        url: 'https://punchng.com/a2',
        title: 'A2',
        fetched_at: ago(119),
        content_hash: 'h2',
      },
      {
        source_id: 'punch',
        source_run_id: runOf('punch', r2!),
        url: 'https://punchng.com/a3',
        title: 'A3',
        fetched_at: ago(8.5),
        content_hash: 'h3',
      },
      {
        source_id: 'punch',
        url: 'https://punchng.com/old',
        title: 'Old',
        fetched_at: ago(30 * 60),
        content_hash: 'h4',
      },
      {
        source_id: 'channels',
        url: 'https://www.channelstv.com/c1',
        title: 'C1',
        fetched_at: ago(60),
        content_hash: 'h5',
      },
      {
        source_id: 'dailytrust',
        url: 'https://dailytrust.com/old',
        title: 'DT',
        fetched_at: ago(30 * 60),
        content_hash: 'h6',
      },
    ])
    .returning(['id'])
    .execute();
  const event = (
    source: string | null,
    minutesAgo: number,
    geocoded: boolean,
    validation: 'pending' | 'passed' | 'needs_review' | 'rejected',
  ) => ({
    source_id: source,
    article_id: source ? articles[0]!.id : null,
    event_date: '2026-01-28',
    event_type: 'armed_clash',
    state: 'Borno',
    geocoded,
    geo_precision: geocoded ? ('lga' as const) : ('none' as const),
    validation_status: validation,
    created_at: ago(minutesAgo),
  });
  await db
    .insertInto('conflict_events')
    .values([
      event('punch', 120, true, 'passed'), // hour 13:00
      event('punch', 119, false, 'rejected'), // hour 13:00
      event('punch', 9, true, 'pending'), // hour 15:00
      event('channels', 60, true, 'passed'), // hour 14:00
      event(null, 180, true, 'passed'), // hour 12:00, no source
      event('punch', 30 * 60, false, 'rejected'), // outside the window and the trend
    ])
    .execute();
  return { latestRunId: r2! };
}

export const trendHour = (hour: string) => `2026-01-28T${hour}:00:00.000Z`;
