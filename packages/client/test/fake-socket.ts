import { sampleStatusDocument } from '@naija-monitor/protocol/testing';

type Listener = (event: never) => void;
const call = (listener: Listener, event: unknown) => (listener as (event: unknown) => void)(event);

/** A WebSocket double (client tests): records its URL, lets the test deliver messages, counts closes. */
export class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  closed = false;
  readonly listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(): void {}
  close(): void {
    this.closed = true;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  deliver(seq: number): void {
    this.readyState = 1;
    for (const listener of this.listeners.get('open') ?? []) call(listener, {});
    const data = JSON.stringify({
      type: 'pipeline_status_update',
      timestamp: new Date().toISOString(),
      seq,
      data: sampleStatusDocument(),
    });
    for (const listener of this.listeners.get('message') ?? []) call(listener, { data });
  }
}
