import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { CHECKS_FILE, compiledChecksSource } from '../../scripts/compile-checks';
import { ErrorMessageSchema, PongSchema, StatusUpdateSchema } from '../messages';
import { sampleStatusDocument } from '../testing';
import { isErrorMessage, isPong, isStatusUpdate } from './server-message-checks';

describe('validators compiled ahead of time', () => {
  it('are up to date with the schemas (else: npm run generate -w @naija-monitor/protocol)', async () => {
    expect(readFileSync(CHECKS_FILE, 'utf8')).toBe(await compiledChecksSource());
  });

  it('agree with TypeBox Value.Check on valid and broken messages', () => {
    const update = {
      type: 'pipeline_status_update',
      timestamp: new Date().toISOString(),
      seq: 3,
      data: sampleStatusDocument(),
    };
    const broken = [
      { ...update, seq: -1 },
      { ...update, data: { ...update.data, timestamp: 'yesterday' } },
      { ...update, data: { ...update.data, overall_status: 'fine' } },
      { ...update, data: { ...update.data, scraping_health: null } },
      null,
      'text',
    ];
    for (const value of [update, ...broken]) {
      expect(isStatusUpdate(value)).toBe(Value.Check(StatusUpdateSchema, value));
    }
    expect(isStatusUpdate(update)).toBe(true);
    const pong = { type: 'pong', timestamp: 'now' };
    expect(isPong(pong)).toBe(Value.Check(PongSchema, pong));
    const error = { type: 'error', code: 'X', message: 'y' };
    expect(isErrorMessage(error)).toBe(Value.Check(ErrorMessageSchema, error));
    expect(isErrorMessage({ type: 'error' })).toBe(false);
  });
});
