import { RedisBus } from '../bus/redis-bus';
import type { Config } from '../config';
import { ClusterMember } from './cluster-member';
import { AdvisoryLockElection, type AdvisoryLockElectionOptions } from './leader-election';

/** A process's place in a cluster: the bus it shares status on, and its role. */
export interface ClusterSetup {
  bus: RedisBus;
  member: ClusterMember;
}

/** Why a process with `REDIS_URL` still runs alone. */
export const NO_SHARED_DATABASE =
  'REDIS_URL is set without DATABASE_URL: each process would have its own embedded database, so this one runs alone (in-process bus)';

/**
 * The cluster of `config`: a {@link RedisBus} on `REDIS_URL` and leader election on an advisory
 * lock of the shared `DATABASE_URL`. Undefined without both (one process, in-process bus).
 * The member closes the bus when it stops (with the app). `log` hears about the election's
 * database session (lost, back).
 */
export function createCluster(
  config: Config,
  log?: AdvisoryLockElectionOptions['log'],
): ClusterSetup | undefined {
  if (!config.redisUrl || !config.databaseUrl) return undefined;
  const bus = new RedisBus({ url: config.redisUrl, prefix: config.redisPrefix, log });
  const election = new AdvisoryLockElection({ connectionString: config.databaseUrl, log });
  const member = new ClusterMember({
    nodeId: config.nodeId,
    bus,
    election,
    intervalMs: config.broadcastIntervalMs,
    ownsBus: true,
  });
  return { bus, member };
}
