import type { Alert, StatusDocument } from '@naija-monitor/protocol';
import { NIGERIAN_STATES } from '@naija-monitor/protocol';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';
import { createElement, type ReactNode } from 'react';
import { ConsoleApi } from '../console/api';
import {
  ConsoleContext,
  type AdminSession,
  type ConsoleContextValue,
} from '../console/console-context';
import type { AlertHistoryItem, Silence, SourceActivity, StateActivity } from '../console/types';
import { DEFAULT_VIEW } from '../console/view-state';

/** The protocol's sample document at a fixed time, with its firing alert labelled by source. */
export function consoleDocument(overrides: Partial<StatusDocument> = {}): StatusDocument {
  const base = sampleStatusDocument();
  const alert: Alert = {
    ...base.alerts[0]!,
    fingerprint: 'fp-thisday',
    labels: { source: 'source-4' },
  };
  return sampleStatusDocument({ overrides: { alerts: [alert], ...overrides } });
}

/** An answer with a status other than 200. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** One request a component made. */
export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A `fetch` that answers from a table (path → JSON) and records every request, so a test
 * sees exactly what the page would send: method, URL, headers, body.
 */
export function recordingFetch(answers: Record<string, unknown> = {}) {
  const requests: Recorded[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const path = new URL(url).pathname;
    requests.push({
      method: init?.method ?? 'GET',
      url,
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : null,
    });
    const answer = answers[`${init?.method ?? 'GET'} ${path}`] ?? answers[path] ?? {};
    const reply = answer instanceof Reply ? answer : new Reply(200, answer);
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

export const API_URL = 'http://monitor.test';

/** Wraps `children` in a console context with the given session and API answers. */
export function withConsole(
  children: ReactNode,
  options: {
    admin?: AdminSession | null;
    silences?: Silence[];
    answers?: Record<string, unknown>;
    onAction?: () => void;
    requestSignIn?: () => void;
    context?: Partial<ConsoleContextValue>;
  } = {},
) {
  const recorder = recordingFetch(options.answers);
  const admin = options.admin ?? null;
  const api = new ConsoleApi({
    baseUrl: API_URL,
    adminToken: () => admin?.token ?? null,
    fetch: recorder.fetch,
  });
  const value: ConsoleContextValue = {
    api,
    view: DEFAULT_VIEW,
    setView: () => undefined,
    admin,
    requestSignIn: options.requestSignIn ?? (() => undefined),
    silences: options.silences ?? [],
    afterAction: options.onAction ?? (() => undefined),
    ...options.context,
  };
  return {
    element: createElement(ConsoleContext.Provider, { value }, children),
    requests: recorder.requests,
  };
}

/** All 37 states with zero events, then the given ones. */
export function statesFixture(
  busy: Partial<Record<string, Partial<StateActivity>>>,
): StateActivity[] {
  return NIGERIAN_STATES.map((state) => ({
    state,
    events: 0,
    fatalities: 0,
    precision: { lga: 0, state: 0, none: 0 },
    sources: [],
    spike: false,
    coverage_gap: false,
    ...busy[state],
  }));
}

export const HISTORY_ALERT: AlertHistoryItem = {
  id: 'a-1',
  rule: 'source_failing',
  fingerprint: 'fp-thisday',
  severity: 'medium',
  state: 'firing',
  title: 'Source failing: ThisDay',
  message: 'ThisDay has failed its last 6 runs',
  labels: { source: 'source-4' },
  group: 'source_failing',
  observed: 6,
  expected: 0,
  started_at: '2026-01-28T10:00:00.000Z',
  condition_since: '2026-01-28T09:55:00.000Z',
  fired_at: '2026-01-28T10:00:00.000Z',
  resolved_at: null,
  updated_at: '2026-01-28T12:00:00.000Z',
  acknowledgement: null,
  transitions: [
    { at: '2026-01-28T15:00:00.000Z', from: 'firing', to: 'unsilenced', actor: null },
    {
      at: '2026-01-28T14:00:00.000Z',
      from: 'firing',
      to: 'silenced',
      actor: 'Bola',
      until: '2026-01-28T15:00:00.000Z',
    },
    { at: '2026-01-28T13:10:00.000Z', from: 'firing', to: 'unsilenced', actor: 'Ada' },
    {
      at: '2026-01-28T12:30:00.000Z',
      from: 'firing',
      to: 'silenced',
      actor: 'Ada',
      until: '2026-01-28T16:30:00.000Z',
      comment: 'feed moved',
    },
    { at: '2026-01-28T12:00:00.000Z', from: 'firing', to: 'acknowledged', actor: 'Ada' },
    { at: '2026-01-28T10:00:00.000Z', from: 'pending', to: 'firing', actor: null },
  ],
  acknowledged_by: 'Ada',
  acknowledged_at: '2026-01-28T12:00:00.000Z',
};

export const ACTIVITY: SourceActivity = {
  source: { id: 'source-4', name: 'ThisDay', enabled: true },
  range: '24h',
  runs: [
    {
      id: 'r3',
      started_at: '2026-01-28T15:00:00.000Z',
      finished_at: '2026-01-28T15:00:02.000Z',
      status: 'failed',
      articles_found: 0,
      articles_new: 0,
      events: 0,
      duration_ms: 2000,
      error: 'HTTP 503 from feed',
    },
    {
      id: 'r2',
      started_at: '2026-01-28T14:00:00.000Z',
      finished_at: '2026-01-28T14:00:02.000Z',
      status: 'empty',
      articles_found: 0,
      articles_new: 0,
      events: 0,
      duration_ms: 2000,
      error: null,
    },
    {
      id: 'r1',
      started_at: '2026-01-28T13:00:00.000Z',
      finished_at: '2026-01-28T13:00:02.000Z',
      status: 'success',
      articles_found: 9,
      articles_new: 4,
      events: 2,
      duration_ms: 2000,
      error: null,
    },
  ],
  daily: [
    { day: '2026-01-27', articles: 12, events: 3 },
    { day: '2026-01-28', articles: 4, events: 2 },
  ],
  cadence: {
    expected_interval_seconds: 3600,
    median_actual_interval_seconds: 7200,
    last_productive_at: '2026-01-28T13:00:02.000Z',
  },
  errors: [{ at: '2026-01-28T15:00:02.000Z', message: 'HTTP 503 from feed' }],
  alerts: [HISTORY_ALERT],
};
