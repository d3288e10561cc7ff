import { describe, expect, it } from 'vitest';
import { UsageError } from '../io.js';
import { parseTime, progressBar } from './validate-logs.js';

describe('validate-logs options', () => {
  it('reads times as the AWS CLI does: ISO 8601, UTC when no zone is given', () => {
    expect(parseTime('2025-01-08T05:21:42Z', '--start-time').toISOString()).toBe('2025-01-08T05:21:42.000Z');
    expect(parseTime('2025-01-08T05:21:42', '--start-time').toISOString()).toBe('2025-01-08T05:21:42.000Z');
    expect(parseTime('2025-01-08 05:21', '--start-time').toISOString()).toBe('2025-01-08T05:21:00.000Z');
    expect(parseTime('2025-01-08', '--start-time').toISOString()).toBe('2025-01-08T00:00:00.000Z');
    expect(parseTime('2025-01-08T07:21:42+02:00', '--start-time').toISOString()).toBe('2025-01-08T05:21:42.000Z');
    expect(() => parseTime('yesterday', '--start-time')).toThrow(UsageError);
  });

  it('draws a progress bar only for many files, and clears it', () => {
    let out = '';
    const bar = progressBar({ stderr: (t) => void (out += t) });
    bar.update(1, 10);
    expect(out).toBe('');
    bar.update(0, 1000);
    bar.update(1000, 1000);
    expect(out).toBe(`\r[${'.'.repeat(30)}] 0/1000 files\r[${'#'.repeat(30)}] 1000/1000 files`);
    bar.clear();
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });
});
