import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MIN_TOKEN_LENGTH } from './access/auth';

/** Name of the generated token's file inside the data directory. */
export const INGEST_TOKEN_FILE = 'ingest-token';

/** Where {@link ensureIngestToken} keeps the generated token, and the token. */
export interface GeneratedIngestToken {
  path: string;
  token: string;
  /** False when an earlier start had written it (it is reused). */
  created: boolean;
}

/**
 * The ingest token of a server started without `INGEST_TOKENS`, as Jupyter does: generated
 * once (192 random bits), kept in `<dataDir>/ingest-token` with mode 0600 so only this user
 * reads it, reused by every later start on the same directory. `npm start` hands it to the
 * demo pipeline through the environment. `dataDir` `memory` (no files) gets a fresh private
 * temporary directory instead. Several processes starting together agree on one token: the
 * file is created exclusively and the loser reads the winner's.
 */
export function ensureIngestToken(dataDir: string): GeneratedIngestToken {
  const directory =
    dataDir === 'memory' ? mkdtempSync(join(tmpdir(), 'naija-monitor-')) : resolve(dataDir);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const path = join(directory, INGEST_TOKEN_FILE);
  const token = randomBytes(24).toString('base64url');
  try {
    writeFileSync(path, `${token}\n`, { flag: 'wx', mode: 0o600 });
    return { path, token, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // Written by an earlier start: tighten its mode if someone loosened it, then reuse it.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const existing = readFileSync(path, 'utf8').trim();
  if (existing.length < MIN_TOKEN_LENGTH || /\s/.test(existing)) {
    throw new Error(
      `${path} does not hold a usable ingest token (at least ${MIN_TOKEN_LENGTH} characters, no spaces): delete it to have a new one generated, or set INGEST_TOKENS`,
    );
  }
  return { path, token: existing, created: false };
}
