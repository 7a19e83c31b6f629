import type { FastifyInstance } from 'fastify';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { OverallStatusSchema, PATHS, type StatusDocument } from '@naija-monitor/protocol';

/** What the operator metrics read at scrape time. */
export interface OperatorMetricsSource {
  /** The app's registry (`GET /metrics` renders it). */
  registry: Registry;
  /** The newest computed status document, if any (never computes one). */
  latestDocument: () => StatusDocument | undefined;
  /** This server's version (`package.json`). */
  version: string;
  /** Live connections this process accepts (after any lowering for the open-files limit). */
  maxConnections: number;
  /** `MAX_CONNECTIONS` as configured, when it was lowered to fit the open-files limit. */
  configuredMaxConnections?: number;
}

const HTTP_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const OVERALL_STATES = OverallStatusSchema.anyOf.map((literal) => literal.const);

/**
 * Series an operator's Prometheus expects beyond the live side's: HTTP request durations,
 * `monitor_build_info`, the effective connection limit, and the pipeline's own health read from
 * the latest status document at scrape time (no extra computation: the document exists anyway).
 *
 * Call {@link installOperatorMetrics} before any route is registered (its hook times every
 * route), then `attach` once the registry and the status source exist.
 */
export function installOperatorMetrics(app: FastifyInstance): {
  attach(source: OperatorMetricsSource): void;
} {
  const httpSeconds = new Histogram({
    name: 'monitor_http_request_duration_seconds',
    help: 'HTTP request durations by method, route template and status code (streams excluded)',
    labelNames: ['method', 'route', 'status_code'],
    buckets: HTTP_BUCKETS_SECONDS,
    registers: [],
  });
  app.addHook('onResponse', (request, reply, done) => {
    // The route template, never the raw URL: one series per route whatever clients send.
    const route = request.routeOptions.url ?? 'unmatched';
    // An SSE response lasts the whole connection; monitor_live_connection_duration_seconds has it.
    if (route !== PATHS.sse) {
      httpSeconds.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    }
    done();
  });

  return {
    attach(source: OperatorMetricsSource): void {
      const registers = [source.registry];
      source.registry.registerMetric(httpSeconds);
      new Gauge({
        name: 'monitor_build_info',
        help: 'Always 1; the labels say which server version runs on which Node.js',
        labelNames: ['version', 'nodejs_version'],
        registers,
      }).set({ version: source.version, nodejs_version: process.version }, 1);
      new Gauge({
        name: 'monitor_live_max_connections',
        help: 'Live connections this process accepts (MAX_CONNECTIONS, lowered to fit ulimit -n)',
        registers,
      }).set(source.maxConnections);
      new Gauge({
        name: 'monitor_live_max_connections_lowered',
        help: '1 when MAX_CONNECTIONS was lowered because the open-files limit (ulimit -n) is too low',
        registers,
      }).set(
        source.configuredMaxConnections !== undefined &&
          source.configuredMaxConnections > source.maxConnections
          ? 1
          : 0,
      );
      registerPipelineGauges(registers, source.latestDocument);
    },
  };
}

/** Gauges over the latest status document; sources that left the document leave the series. */
function registerPipelineGauges(
  registers: Registry[],
  latest: () => StatusDocument | undefined,
): void {
  new Gauge({
    name: 'monitor_pipeline_status',
    help: 'Overall pipeline status as a state set: 1 for the current state, 0 for the others',
    labelNames: ['status'],
    registers,
    collect() {
      const document = latest();
      this.reset();
      if (!document) return;
      for (const state of OVERALL_STATES) {
        this.set({ status: state }, document.overall_status === state ? 1 : 0);
      }
    },
  });
  const perSource = (
    name: string,
    help: string,
    read: (source: StatusDocument['scraping_health']['sources'][number]) => number | null,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const source of latest()?.scraping_health.sources ?? []) {
          const value = read(source);
          if (value !== null) this.set({ source: source.id }, value);
        }
      },
    });
  perSource(
    'monitor_pipeline_source_articles',
    'Articles collected from the source in the status window',
    (source) => source.articles_collected,
  );
  perSource(
    'monitor_pipeline_source_events',
    'Events extracted from the source in the status window',
    (source) => source.events_extracted,
  );
  perSource(
    'monitor_pipeline_source_failing',
    "1 when the source's latest run failed, else 0",
    (source) => (source.state === 'failing' ? 1 : 0),
  );
  perSource(
    'monitor_pipeline_source_success_ratio',
    'Successful runs of the source in the status window, 0 to 1 (absent before any run)',
    (source) => (source.success_rate === null ? null : source.success_rate / 100),
  );
  const whole = (name: string, help: string, read: (document: StatusDocument) => number | null) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.reset();
        const document = latest();
        const value = document ? read(document) : null;
        if (value !== null) this.set(value);
      },
    });
  whole(
    'monitor_pipeline_failed_sources',
    'Sources whose latest run failed',
    (document) => document.scraping_health.failed_sources,
  );
  whole(
    'monitor_pipeline_articles',
    'Articles collected from all sources in the status window',
    (document) => document.scraping_health.articles_collected,
  );
  whole(
    'monitor_pipeline_events',
    'Events extracted from all sources in the status window',
    (document) => document.scraping_health.events_extracted,
  );
  whole('monitor_pipeline_last_run_timestamp_seconds', 'When the pipeline last ran', (document) =>
    document.last_run === null ? null : Date.parse(document.last_run) / 1000,
  );
  whole(
    'monitor_pipeline_active_alerts',
    'Alerts in the status document that are not resolved',
    (document) => document.alerts.filter((alert) => alert.state !== 'resolved').length,
  );
  whole(
    'monitor_status_document_timestamp_seconds',
    'When the latest status document was computed',
    (document) => Date.parse(document.timestamp) / 1000,
  );
}
