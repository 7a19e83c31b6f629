/**
 * A load-generator process: holds many WebSocket clients and answers the fleet's commands
 * over IPC. Started by `fleet.ts`, pinned to the load-generator core.
 */
import { serveIpc } from '../ipc';
import { ClientPool } from './client-pool';
import type { WorkerCommands } from './commands';

const pool = new ClientPool();
let lastCpu = process.cpuUsage();

serveIpc<WorkerCommands>({
  connect: (request) => pool.connect(request),
  'await-seq': (request) => pool.awaitSeq(request),
  collect: () => pool.collect(),
  'close-all': async () => ({ closed: await pool.closeAll() }),
  cpu: () => {
    const used = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    return { userMs: used.user / 1000, systemMs: used.system / 1000 };
  },
  exit: () => {
    setImmediate(() => process.exit(0));
    return null;
  },
});
