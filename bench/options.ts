import { parseArgs } from 'node:util';
import { SERVER_KINDS, type ServerKind } from './servers/kinds';

/** Parts of a run that can be skipped. */
export const SCENARIOS = [
  'fanout',
  'paired',
  'connect',
  'change',
  'http',
  'status',
  'scale',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** What `npm run bench -- ...` asked for. */
export interface BenchOptions {
  quick: boolean;
  sizes: number[];
  servers: ServerKind[];
  scenarios: Scenario[];
  workers: number;
  warmups: number;
  broadcasts: number;
  /** Conflict events seeded into the database of the real server and the seed's design. */
  seedEvents: number;
  /** Events seeded for the status-computation scenario. */
  statusSizes: number[];
  /** PostgreSQL admin URL; the bench creates and drops its own database there. */
  postgresUrl: string | null;
  /** Redis for the scale-out part; null skips it. */
  redisUrl: string | null;
  /** Server processes and clients of the scale-out part. */
  scaleProcesses: number;
  scaleClients: number;
  /** Broadcast rounds of the paired comparison (each server once per round). */
  pairedRounds: number;
  /** autocannon duration per route (s). */
  httpSeconds: number;
  serverCore: number;
  loadCore: number;
  /** Write a CPU profile of each server's measured broadcasts to `<outDir>/profiles/` (see bench/profile-summary.ts). */
  profile: boolean;
  /** Niceness of the bench's processes (BENCH_NICE); null: inherited. */
  nice: number | null;
  /** Where results go (JSON and markdown). */
  outDir: string;
}

const USAGE = `npm run bench -- [--quick] [--sizes=1000,5000] [--servers=floor,ours,ours-v2,socket-io,seed-design]
  [--only=fanout,paired,connect,change,http,status,scale] [--workers=2] [--broadcasts=5] [--warmups=2]
  [--paired-rounds=15]
  [--status-sizes=10000,100000,1000000] [--postgres=URL|none] [--http-seconds=5]
  [--nice=-10] [--profile] [--redis=URL|none] [--scale-processes=4] [--scale-clients=50000]`;

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function numbers(value: string | undefined, name: string): number[] | undefined {
  const parts = list(value);
  if (!parts) return undefined;
  return parts.map((part) => {
    const n = Number(part.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name}: ${part} is not a whole number\n${USAGE}`);
    return n;
  });
}

function oneOf<T extends string>(
  values: string[] | undefined,
  allowed: readonly T[],
  name: string,
): T[] | undefined {
  if (!values) return undefined;
  for (const value of values)
    if (!allowed.includes(value as T))
      throw new Error(`--${name}: unknown ${value} (known: ${allowed.join(', ')})\n${USAGE}`);
  return values as T[];
}

/** Parses the command line; prints the usage for --help, throws with it on a bad option. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      servers: { type: 'string' },
      only: { type: 'string' },
      workers: { type: 'string' },
      warmups: { type: 'string' },
      broadcasts: { type: 'string' },
      'status-sizes': { type: 'string' },
      postgres: { type: 'string' },
      redis: { type: 'string' },
      'scale-processes': { type: 'string' },
      'scale-clients': { type: 'string' },
      'http-seconds': { type: 'string' },
      'paired-rounds': { type: 'string' },
      out: { type: 'string' },
      nice: { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const sizes =
    numbers(values.sizes, 'sizes') ?? (quick ? [250, 1000] : [1000, 5000, 10_000, 19_000]);
  if (quick && Math.max(...sizes) > 2000) throw new Error('--quick runs at most 2000 clients');
  const redis = values.redis ?? process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const postgres =
    values.postgres ?? process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  return {
    quick,
    sizes: [...sizes].sort((a, b) => a - b),
    servers: oneOf(list(values.servers), SERVER_KINDS, 'servers') ?? [...SERVER_KINDS],
    // The scale-out part needs minutes and 50 000 sockets: never in --quick.
    scenarios:
      oneOf(list(values.only), SCENARIOS, 'only') ??
      SCENARIOS.filter((scenario) => !quick || scenario !== 'scale'),
    workers: numbers(values.workers, 'workers')?.[0] ?? 2,
    warmups: numbers(values.warmups, 'warmups')?.[0] ?? (quick ? 1 : 2),
    broadcasts: numbers(values.broadcasts, 'broadcasts')?.[0] ?? (quick ? 2 : 7),
    seedEvents: quick ? 2000 : 10_000,
    statusSizes:
      numbers(values['status-sizes'], 'status-sizes') ??
      (quick ? [1000] : [10_000, 100_000, 1_000_000]),
    postgresUrl: postgres === 'none' ? null : postgres,
    redisUrl: redis === 'none' ? null : redis,
    // 4 processes keep each under ~14 000 clients from one address (see second-listener.ts).
    scaleProcesses: numbers(values['scale-processes'], 'scale-processes')?.[0] ?? 4,
    scaleClients: numbers(values['scale-clients'], 'scale-clients')?.[0] ?? 50_000,
    httpSeconds: numbers(values['http-seconds'], 'http-seconds')?.[0] ?? (quick ? 1 : 5),
    pairedRounds: numbers(values['paired-rounds'], 'paired-rounds')?.[0] ?? (quick ? 3 : 15),
    serverCore: 0,
    loadCore: 1,
    profile: values.profile ?? false,
    nice: values.nice === undefined ? null : Number(values.nice),
    outDir: values.out ?? new URL('./results/', import.meta.url).pathname,
  };
}
