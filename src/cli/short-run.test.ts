import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SHORT_RUN_V8_FLAGS, tuneForShortRun } from './short-run.js';

/** What V8 writes on standard error when `flags` are set at run time in a fresh process. */
const stderrOfSetting = (flags: string) =>
  spawnSync(process.execPath, ['-e', 'require("node:v8").setFlagsFromString(process.env.FLAGS)'], { encoding: 'utf8', env: { ...process.env, FLAGS: flags } }).stderr;

describe('tuneForShortRun', () => {
  // The flag is only set on V8 11 (Node 20 and 21); later V8s may not know it.
  it.runIf(process.versions.v8.startsWith('11.'))('sets a flag this V8 knows: nothing on standard error, where an unknown flag is reported', () => {
    expect(stderrOfSetting('--no-such-flag-trailkey')).toContain('unrecognized flag');
    expect(stderrOfSetting(SHORT_RUN_V8_FLAGS)).toBe('');
  });

  it('leaves other V8 lines alone', () => {
    expect(tuneForShortRun('12.4.254.21')).toBe(false);
  });
});
