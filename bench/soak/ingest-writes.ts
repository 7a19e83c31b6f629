import { randomUUID } from 'node:crypto';
import { SOAK_INGEST_TOKEN } from './monitor-process';

const SOURCE = {
  id: 'soak-feed',
  name: 'Soak feed',
  kind: 'rss',
  url: 'https://soak.example.ng/feed',
  priority: 1,
  enabled: true,
  expected_interval_seconds: 60,
};

/**
 * Writes through the ingest API as the pipeline does (Bearer {@link SOAK_INGEST_TOKEN}, which
 * the soak's server accepts): one run with a few events per call, so every call is a real
 * change that the server pushes to every client.
 */
export class IngestWriter {
  readonly #base: string;
  #ready = false;
  writes = 0;
  failures = 0;

  constructor(port: number) {
    this.#base = `http://127.0.0.1:${port}/api/v1/ingest`;
  }

  /** One batch; failures are counted, not thrown (the soak keeps going through them). */
  async write(events = 3): Promise<void> {
    try {
      if (!this.#ready) {
        await this.#post('sources', { sources: [SOURCE] });
        this.#ready = true;
      }
      const runId = randomUUID();
      const now = new Date().toISOString();
      await this.#post('batch', {
        run: { id: runId, started_at: now, finished_at: now, state: 'succeeded', trigger: 'api' },
        events: Array.from({ length: events }, (_, i) => ({
          id: randomUUID(),
          source_id: SOURCE.id,
          run_id: runId,
          event_date: now.slice(0, 10),
          event_type: 'armed_attack',
          state: ['Borno', 'Zamfara', 'Kaduna', 'Benue'][i % 4],
          fatalities: i,
          geocoded: false,
          geo_precision: 'none',
          validation_status: 'passed',
          validation_reasons: [],
          confidence: 0.8,
        })),
      });
      this.writes += 1;
    } catch {
      this.failures += 1;
    }
  }

  async #post(route: string, body: unknown): Promise<void> {
    const response = await fetch(`${this.#base}/${route}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${SOAK_INGEST_TOKEN}`,
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  }
}
