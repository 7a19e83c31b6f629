import { describe, expect, it, vi } from 'vitest';
import type { Writable } from 'node:stream';
import * as wsModule from 'ws';
import { parseServerMessage, type MonitorHealth } from '@naija-monitor/protocol';
import { liveTestDocument } from '../../test/support/live-documents';
import { boundDocument } from '../status/document-bounds';
import type { ComputedStatus } from '../publish/status-scheduler';
import { documentEtag, prepareUpdate } from './prepared-update';
import { CAN_FRAME_ONCE } from './ws-frame';

const monitor: MonitorHealth = {
  connections: { websocket: 2, sse: 1, total: 3, max: 100 },
  broadcast_ms: 0.4,
  status_compute_ms: 12,
  event_loop_lag_ms: 1.2,
  messages_sent: 42,
};
const status: ComputedStatus = {
  seq: 1_769_600_000_123,
  document: liveTestDocument(5),
  computedAt: 0,
  computedAtMono: 0,
  trigger: 'interval',
  computeMs: 12,
};

describe('prepareUpdate', () => {
  const update = prepareUpdate(status, monitor, new Date('2026-01-28T15:30:45.500Z'), () => 0);

  it('builds the contract envelope around the document serialized once', () => {
    const parsed = parseServerMessage(update.envelope.toString());
    expect(parsed.ok).toBe(true);
    expect(JSON.parse(update.envelope.toString())).toEqual({
      type: 'pipeline_status_update',
      timestamp: '2026-01-28T15:30:45.500Z',
      seq: status.seq,
      data: { ...status.document, monitor },
    });
    expect(JSON.parse(update.documentJson)).toEqual({ ...status.document, monitor });
  });

  it('frames it once as a valid unmasked text frame that a ws receiver reads back', async () => {
    expect(CAN_FRAME_ONCE).toBe(true);
    // Receiver is exported by ws but not declared in @types/ws.
    const { Receiver } = wsModule as unknown as {
      Receiver: new (options: { isServer: boolean }) => Writable;
    };
    const receiver = new Receiver({ isServer: false });
    const message = new Promise<string>((resolve) =>
      receiver.on('message', (data: Buffer) => resolve(data.toString())),
    );
    receiver.write(update.wsFrame);
    expect(await message).toBe(update.envelope.toString());
  });

  it('writes one SSE event whose id is the seq and whose data is the same envelope', () => {
    expect(update.sseEvent.toString()).toBe(
      `id: ${status.seq}\ndata: ${update.envelope.toString()}\n\n`,
    );
  });
});

describe('documentEtag', () => {
  it('ignores volatile fields and changes with what the document says', () => {
    const base = liveTestDocument(5);
    const later = {
      ...base,
      timestamp: '2026-02-01T00:00:00.000Z',
      monitor,
      system_health: {
        ...base.system_health,
        data_as_of: '2026-02-01T00:00:00.000Z',
        memory_rss_bytes: 1,
        heap_used_bytes: 2,
        uptime_seconds: 3,
        node_id: 'other',
        database: { ...base.system_health.database, query_ms: 99 },
      },
    };
    expect(documentEtag(later)).toBe(documentEtag(base));
    expect(documentEtag(liveTestDocument(6))).not.toBe(documentEtag(base));
    expect(documentEtag(base)).toMatch(/^W\/"[\w-]+"$/);
  });
});

describe('one serialisation per update', () => {
  it('reuses the text the byte ceiling was checked on, and adds monitor as the last member', () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const bounded = boundDocument(liveTestDocument(5));
      const prepared = prepareUpdate(
        { ...status, document: bounded },
        monitor,
        new Date(),
        () => 0,
      );
      const documentCalls = stringify.mock.calls.filter(
        ([value]) => typeof value === 'object' && value !== null && 'scraping_health' in value,
      );
      expect(documentCalls).toHaveLength(1);
      stringify.mockRestore();
      expect(prepared.documentJson).toBe(JSON.stringify({ ...bounded, monitor }));
    } finally {
      stringify.mockRestore();
    }
  });

  it('serialises a document it has no text for (relayed, or changed after the computation)', () => {
    const relayed = { ...liveTestDocument(2), monitor };
    const other: MonitorHealth = { ...monitor, messages_sent: 7 };
    const prepared = prepareUpdate({ ...status, document: relayed }, other, new Date(), () => 0);
    expect(prepared.documentJson).toBe(JSON.stringify({ ...relayed, monitor: other }));
  });
});
