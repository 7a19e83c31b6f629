/**
 * An incremental parser for `text/event-stream`, following the WHATWG HTML "event stream
 * interpretation" rules (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * lines end in CRLF, LF or CR; `:` starts a comment; a blank line dispatches the event.
 */

/** One dispatched event. */
export interface SseEvent {
  /** `event:` field, or `message` when absent. */
  type: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen on the stream so far (it persists across events, as in EventSource). */
  lastEventId: string;
}

/** Feed it decoded text in any chunking; it calls `onEvent` for each complete event. */
export class SseParser {
  #buffer = '';
  #data = '';
  #hasData = false;
  #type = '';
  #lastEventId = '';
  #first = true;
  /** A chunk ended in CR: if the next starts with LF, that LF belongs to the same line end. */
  #pendingCr = false;
  readonly #onEvent: (event: SseEvent) => void;

  constructor(onEvent: (event: SseEvent) => void) {
    this.#onEvent = onEvent;
  }

  /** Parses a chunk of text. */
  push(chunk: string): void {
    let text = chunk;
    if (this.#first && text.length > 0) {
      this.#first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCr = false;
    this.#buffer += text;

    let start = 0;
    for (;;) {
      const cr = this.#buffer.indexOf('\r', start);
      const lf = this.#buffer.indexOf('\n', start);
      if (cr === -1 && lf === -1) break;
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      this.#line(this.#buffer.slice(start, end));
      if (end === cr) {
        if (end + 1 === this.#buffer.length) {
          this.#pendingCr = true;
          start = end + 1;
          break;
        }
        start = this.#buffer[end + 1] === '\n' ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
    this.#buffer = this.#buffer.slice(start);
  }

  #line(line: string): void {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.#data += this.#hasData ? `\n${value}` : value;
        this.#hasData = true;
        break;
      case 'event':
        this.#type = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.#lastEventId = value;
        break;
      default:
        // `retry` is ignored on purpose: the client owns its reconnect schedule.
        break;
    }
  }

  #dispatch(): void {
    const hasData = this.#hasData;
    const event: SseEvent = {
      type: this.#type || 'message',
      data: this.#data,
      lastEventId: this.#lastEventId,
    };
    this.#data = '';
    this.#hasData = false;
    this.#type = '';
    if (hasData) this.#onEvent(event);
  }
}
