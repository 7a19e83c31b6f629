import { PATHS } from '@naija-monitor/protocol';
import type { ClientDialect } from '../load/commands';

/** The servers the bench runs side by side. */
export const SERVER_KINDS = ['floor', 'ours', 'ours-v2', 'socket-io', 'seed-design'] as const;
/** One of {@link SERVER_KINDS}. */
export type ServerKind = (typeof SERVER_KINDS)[number];

/** How the bench talks to one kind of server. */
export interface ServerSpec {
  kind: ServerKind;
  /** Label in reports. */
  label: string;
  dialect: ClientDialect;
  /** Path (and query) clients connect to. */
  livePath: string;
  /** A cheap HTTP route for the responsiveness probe. */
  helloPath: string;
  /** Broadcast variants measured, each a row in the report (`mode` is passed to the server). */
  variants: BroadcastVariant[];
}

/** One way a server broadcasts; each is a row in the report. */
export interface BroadcastVariant {
  name: string;
  /** Passed to the server's broadcast. */
  mode?: string;
  /** Caps the measured broadcasts (a slow variant would take minutes at 19 000 clients). */
  maxBroadcasts?: number;
}

/** Every server the bench knows, in the order they run. */
export const SERVER_SPECS: Record<ServerKind, ServerSpec> = {
  floor: {
    kind: 'floor',
    label: 'floor (raw sockets)',
    dialect: 'ws',
    livePath: '/ws',
    helloPath: '/hello',
    // The full document (the reference of every ratio), then a message smaller than v2's tick.
    variants: [{ name: 'floor' }, { name: 'floor:tick', mode: 'tick' }],
  },
  ours: {
    kind: 'ours',
    label: 'ours (packages/server)',
    dialect: 'ws',
    livePath: PATHS.websocket[0],
    helloPath: '/bench/hello',
    variants: [{ name: 'ours' }],
  },
  'ours-v2': {
    kind: 'ours-v2',
    label: 'ours, protocol v2 (patches)',
    dialect: 'ws-v2',
    livePath: PATHS.websocket[0],
    helloPath: '/bench/hello',
    // A tick (nothing but the computation's own fields changed), then a typical change (one
    // source's counts): the two v2 messages of issue #17, next to v1's full document.
    variants: [{ name: 'ours-v2' }, { name: 'ours-v2:change', mode: 'change' }],
  },
  'socket-io': {
    kind: 'socket-io',
    label: 'Socket.IO io.emit',
    dialect: 'socketio',
    livePath: '/socket.io/?EIO=4&transport=websocket',
    helloPath: '/hello',
    variants: [{ name: 'socket-io' }],
  },
  'seed-design': {
    kind: 'seed-design',
    label: "seed's design",
    dialect: 'ws',
    livePath: '/ws',
    helloPath: '/hello',
    variants: [
      { name: 'seed-design:send', mode: 'send' },
      { name: 'seed-design', mode: 'full', maxBroadcasts: 2 },
    ],
  },
};
