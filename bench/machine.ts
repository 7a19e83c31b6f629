import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return fallback;
  }
}

function versionOf(pkg: string): string {
  try {
    return execFileSync(process.execPath, ['-p', `require('${pkg}/package.json').version`], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** The machine and software a run measured, for the report. */
export function describeMachine(): Record<string, string | number> {
  const [load1, load5] = loadavg();
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: readOr('/proc/sys/kernel/osrelease', 'unknown'),
    openFilesLimit:
      readOr('/proc/self/limits', '')
        .split('\n')
        .find((line) => line.startsWith('Max open files'))
        ?.split(/\s+/)[3] ?? 'unknown',
    ephemeralPorts: readOr('/proc/sys/net/ipv4/ip_local_port_range', 'unknown').replace(/\s+/, '-'),
    ws: versionOf('ws'),
    socketIo: versionOf('socket.io'),
    loadAverage1m: Math.round((load1 ?? 0) * 100) / 100,
    loadAverage5m: Math.round((load5 ?? 0) * 100) / 100,
  };
}
