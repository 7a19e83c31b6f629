import { connect } from 'node:net';

/** What a raw exchange got back. */
export interface RawAnswer {
  /** Everything received, as latin1. */
  text: string;
  /** The status code of the first response line, if one came. */
  statusCode: number | undefined;
  /** True when the server neither answered a full head nor closed within the time allowed. */
  timedOut: boolean;
}

/**
 * Writes `request` (latin1, byte for byte) on a fresh TCP connection to 127.0.0.1:`port` and
 * waits until the server has sent a whole response head (a `101` leaves the socket open), or
 * closed the connection, or `timeoutMs` passed; then closes its side.
 */
export function rawExchange(port: number, request: string, timeoutMs: number): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    let settled = false;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/\d\.\d (\d{3})/.exec(text)?.[1];
      resolve({ text, statusCode: status === undefined ? undefined : Number(status), timedOut });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      // A full error answer (head and JSON body) or a 101 head: enough to judge.
      const head = text.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, head))?.[1];
      if (length === undefined || text.length - head - 4 >= Number(length)) finish(false);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('connect', () => socket.write(request, 'latin1'));
  });
}
