/** Options of {@link renderNginxConf}. */
export interface NginxRendering {
  /** Address nginx listens on, e.g. `127.0.0.1:8080`. */
  listen: string;
  /** The monitor processes, e.g. `['127.0.0.1:8000', '127.0.0.1:8001']`. */
  upstreams: string[];
  /** Directory for the pid file, logs and temp files. */
  dir: string;
  /** Worker processes. @default 1 */
  workers?: number;
}

/**
 * deploy/nginx.conf with only addresses and paths changed; throws when the file no longer has
 * the shape the renderer expects.
 */
export function renderNginxConf(template: string, options: NginxRendering): string;
