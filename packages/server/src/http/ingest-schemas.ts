import { Type } from '@sinclair/typebox';

/**
 * The ingest API's HTTP pieces that are not bodies: its headers (the error answer is
 * the protocol's `ErrorBodySchema`). The request and answer bodies are shared with pipelines,
 * in `@naija-monitor/protocol`.
 */

/** The optional `Idempotency-Key` header. */
export const IngestHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7e]+$',
      description:
        'Replays the first answer for the same key and body; another body with the same key is 409',
    }),
  ),
});
