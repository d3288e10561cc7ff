import type { Io } from '../io.js';

export const usage = 'trailkey serve [--port 4566] [--host 127.0.0.1] [--data DIR|:memory:]';
export const summary = 'start the CloudTrail + KMS + S3 emulator (not built yet)';

// The emulator arrives with the server issue; until then say so plainly rather than fail silently.
export async function run(_argv: string[], io: Io): Promise<number> {
  io.stderr('trailkey serve: the emulator is not built yet; `trailkey eval` works today (see README).\n');
  return 1;
}
