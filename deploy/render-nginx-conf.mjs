// Renders deploy/nginx.conf for processes on this host: the scale-out tests and
// `npm run start:cluster -- --nginx` both run the deployed file through this, so what they run
// is what compose.yaml mounts, with only addresses and paths changed.

/**
 * Replaces the one match of `pattern`, or throws: the config must keep the shape this
 * renderer expects, so the tested and the deployed file cannot drift apart silently.
 * @param {string} text
 * @param {RegExp} pattern
 * @param {string} replacement
 * @param {string} what
 */
function replaceOnce(text, pattern, replacement, what) {
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  const count = text.match(global)?.length ?? 0;
  if (count !== 1)
    throw new Error(`deploy/nginx.conf changed shape: expected one ${what}, found ${count}`);
  return text.replace(pattern, replacement);
}

/**
 * The deployment's nginx config with only what differs off the compose network changed: the
 * listen address, the upstream servers (their parameters kept), the pid, log and temp paths,
 * and the number of workers. Headers, timeouts, buffering, balancing and retries stay as
 * deployed.
 * @param {string} template the text of deploy/nginx.conf
 * @param {{ listen: string, upstreams: string[], dir: string, workers?: number }} options
 *   `listen`: e.g. `127.0.0.1:8080`; `upstreams`: e.g. `['127.0.0.1:8000', ...]`; `dir`: for
 *   the pid file, logs and temp files; `workers`: worker processes (default 1)
 * @returns {string}
 */
export function renderNginxConf(template, { listen, upstreams, dir, workers = 1 }) {
  const block = /# servers:begin\n([\s\S]*?)\n\s*# servers:end/;
  const servers = block.exec(template)?.[1];
  const parameters = servers ? /server\s+\S+\s*([^;]*);/.exec(servers)?.[1] : undefined;
  if (parameters === undefined) {
    throw new Error(
      'deploy/nginx.conf changed shape: no "# servers:begin/end" block with server lines',
    );
  }
  const lines = upstreams.map((address) => `    server ${address} ${parameters};`).join('\n');
  let text = template.replace(block, `# servers:begin (rendered)\n${lines}\n    # servers:end`);
  text = replaceOnce(
    text,
    /^worker_processes .*;$/m,
    `worker_processes ${workers};`,
    'worker_processes',
  );
  text = replaceOnce(text, /^pid .*;$/m, `pid ${dir}/nginx.pid;`, 'pid');
  text = replaceOnce(text, /^error_log .*;$/m, `error_log ${dir}/error.log info;`, 'error_log');
  text = replaceOnce(text, /^( {2}access_log )\S+/m, `$1${dir}/access.log`, 'access_log');
  text = replaceOnce(text, /^ {4}listen \d+;$/m, `    listen ${listen};`, 'listen');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${dir}/${kind}_temp;`)
    .join('\n');
  return replaceOnce(text, /^http \{$/m, `http {\n${temp}`, 'http block');
}
