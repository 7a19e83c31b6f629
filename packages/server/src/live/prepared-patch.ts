import { STATUS_PATCH_TYPE, diffEncoded } from '@naija-monitor/protocol';
import type { Frames, PreparedUpdate } from './prepared-update';
import { frameText } from './ws-frame';

/** A v2 patch message framed once for every v2 client that holds `base`. */
export interface PreparedPatch extends Frames {
  readonly seq: number;
  /** `seq` of the document the patch applies to. */
  readonly base: number;
}

/**
 * The `pipeline_status_patch` from `previous` to `update`: one diff and one serialization,
 * whatever the number of v2 clients. Both documents are diffed in the v2 wire encoding
 * (json-codec: nulls and arrays made patchable), so one changed source patches that source.
 */
export function preparePatch(previous: PreparedUpdate, update: PreparedUpdate): PreparedPatch {
  const patch = diffEncoded(previous.encoded(), update.encoded());
  // No send time in a patch (45 bytes of a ~250-byte tick): the document carries its own.
  const json = `{"type":"${STATUS_PATCH_TYPE}","seq":${update.seq},"base":${previous.seq},"patch":${JSON.stringify(patch)}}`;
  const envelope = Buffer.from(json);
  return {
    seq: update.seq,
    base: previous.seq,
    envelope,
    wsFrame: frameText(envelope),
    sseEvent: Buffer.from(`id: ${update.seq}\ndata: ${json}\n\n`),
  };
}
