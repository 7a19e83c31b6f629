import type { StatusDocument } from '@naija-monitor/protocol';
import type {
  AlertHistoryItem,
  HistoryPage,
  OverviewAnswer,
  QualityAnswer,
  Silence,
  SourceActivity,
  StateEvents,
  StatesAnswer,
  TimeRange,
} from './types';

/** A refused or failed console request; `message` is what the server said, ready to show. */
export class ConsoleApiError extends Error {
  override readonly name = 'ConsoleApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** What {@link ConsoleApi} needs: where the API is and which tokens to send. */
export interface ConsoleApiOptions {
  baseUrl: string;
  /** The read token (`AUTH_TOKENS`), if the page has one. */
  readToken?: string | undefined;
  /** The operator's admin token, read at each write (it may be entered or forgotten meanwhile). */
  adminToken: () => string | null;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * The operator console's HTTP calls. Tokens go only in the `Authorization` header, never in a
 * URL, so they stay out of address bars, logs and referrers.
 */
export class ConsoleApi {
  readonly #options: ConsoleApiOptions;
  constructor(options: ConsoleApiOptions) {
    this.#options = options;
  }

  history(from: Date, to: Date, cursor?: string, limit = 2000): Promise<HistoryPage> {
    return this.#get('/api/v1/monitoring/pipeline-status/history', {
      from: from.toISOString(),
      to: to.toISOString(),
      limit: String(limit),
      ...(cursor ? { cursor } : {}),
    });
  }

  statusAt(at: string): Promise<StatusDocument> {
    return this.#get('/api/v1/monitoring/pipeline-status', { at });
  }

  /** The overview panels' figures over `range`, ending now or at the replayed moment `at`. */
  overview(range: TimeRange, at: string | null = null): Promise<OverviewAnswer> {
    return this.#get('/api/v1/overview', { range, ...moment(at) });
  }

  sourceActivity(id: string, range: TimeRange, at: string | null = null): Promise<SourceActivity> {
    return this.#get(`/api/v1/sources/${encodeURIComponent(id)}/activity`, {
      range,
      ...moment(at),
    });
  }

  states(range: TimeRange, at: string | null = null): Promise<StatesAnswer> {
    return this.#get('/api/v1/states', { range, ...moment(at) });
  }

  stateEvents(state: string, range: TimeRange, at: string | null = null): Promise<StateEvents> {
    return this.#get(`/api/v1/states/${encodeURIComponent(state)}/events`, {
      range,
      limit: '100',
      ...moment(at),
    });
  }

  quality(range: TimeRange, at: string | null = null): Promise<QualityAnswer> {
    return this.#get('/api/v1/quality', { range, ...moment(at) });
  }

  async alerts(filter: {
    rule?: string;
    source?: string;
    before?: string;
    limit?: number;
  }): Promise<AlertHistoryItem[]> {
    const query: Record<string, string> = { state: 'all', limit: String(filter.limit ?? 500) };
    if (filter.rule) query.rule = filter.rule;
    if (filter.source) query.source = filter.source;
    if (filter.before) query.before = filter.before;
    const answer = await this.#get<{ alerts: AlertHistoryItem[] }>('/api/v1/alerts', query);
    return answer.alerts;
  }

  async silences(): Promise<Silence[]> {
    const answer = await this.#get<{ silences: Silence[] }>('/api/v1/silences', {});
    return answer.silences;
  }

  /** The server records the admin token's name as who acknowledged. */
  acknowledge(id: string, comment?: string): Promise<AlertHistoryItem> {
    return this.#write('POST', `/api/v1/alerts/${encodeURIComponent(id)}/ack`, {
      ...(comment ? { comment } : {}),
    });
  }

  unacknowledge(id: string): Promise<AlertHistoryItem> {
    return this.#write('DELETE', `/api/v1/alerts/${encodeURIComponent(id)}/ack`);
  }

  silence(
    matchers: Record<string, string>,
    durationSeconds: number,
    comment: string,
  ): Promise<Silence> {
    return this.#write('POST', '/api/v1/silences', {
      matchers,
      duration_seconds: durationSeconds,
      comment,
    });
  }

  unsilence(id: string): Promise<Silence> {
    return this.#write('DELETE', `/api/v1/silences/${encodeURIComponent(id)}`);
  }

  #get<T>(path: string, query: Record<string, string>): Promise<T> {
    const search = new URLSearchParams(query).toString();
    const headers: Record<string, string> = { accept: 'application/json' };
    // Reads use the page's token; an operator signed in with only an admin token reads with it.
    const token = this.#options.readToken ?? this.#options.adminToken() ?? undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    return this.#send<T>(`${path}${search ? `?${search}` : ''}`, { method: 'GET', headers });
  }

  #write<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const token = this.#options.adminToken();
    if (!token) {
      return Promise.reject(
        new ConsoleApiError('Alert actions need an admin token: sign in for alert actions.', 401),
      );
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.#send<T>(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  async #send<T>(path: string, init: RequestInit): Promise<T> {
    const doFetch = this.#options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(`${this.#options.baseUrl}${path}`, init);
    } catch (error) {
      throw new ConsoleApiError(
        `Cannot reach the monitor (${error instanceof Error ? error.message : 'network error'}).`,
        0,
      );
    }
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!response.ok)
      throw new ConsoleApiError(describeFailure(response.status, body), response.status);
    return body as T;
  }
}

/** `?at=` for a replayed moment; nothing when live. */
const moment = (at: string | null): Record<string, string> => (at ? { at } : {});

function describeFailure(status: number, body: unknown): string {
  const message =
    body !== null &&
    typeof body === 'object' &&
    typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message
      : `HTTP ${status}`;
  if (status === 401 || status === 403) return `Not allowed: ${message}. Check the admin token.`;
  if (status === 404) return `Not found: ${message}.`;
  return message;
}
