/**
 * A load-generator process: holds many WebSocket clients and answers the fleet's commands
 * over IPC. Started by `fleet.ts`, pinned to the load-generator core.
 */
import { cpuSinceLastCall, exitAfterAnswer, serveIpc } from '../ipc';
import { ClientPool } from './client-pool';
import type { WorkerCommands } from './commands';

const pool = new ClientPool();

serveIpc<WorkerCommands>({
  connect: (request) => pool.connect(request),
  'await-seq': (request) => pool.awaitSeq(request),
  collect: () => pool.collect(),
  'close-all': async () => ({ closed: await pool.closeAll() }),
  cpu: cpuSinceLastCall(),
  exit: exitAfterAnswer,
});
