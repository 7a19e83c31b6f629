// Loads `.env` from the repository root into process.env when the file exists. Variables already
// set in the environment win (process.loadEnvFile never overwrites them). A missing file is fine;
// any other problem (unreadable file) stops the start with the reason.
import { join } from 'node:path';

/** Loads `<dir>/.env` if present; returns whether it was loaded. */
export function loadDotEnv(dir) {
  try {
    process.loadEnvFile(join(dir, '.env'));
    return true;
  } catch (error) {
    if (error && error.code === 'ENOENT') return false;
    throw error;
  }
}
