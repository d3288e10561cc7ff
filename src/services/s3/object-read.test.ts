import { describe, expect, it } from 'vitest';
import { checkConditions, parseRange } from './object-read.js';
import type { ObjectRecord } from './records.js';

describe('Range', () => {
  it('reads the three forms of one range and clamps the end', () => {
    expect(parseRange('bytes=0-4', 10)).toEqual({ start: 0, end: 4 });
    expect(parseRange('bytes=5-', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
  });
  it('ignores what it cannot parse, as HTTP allows', () => {
    for (const h of [undefined, 'bytes=', 'bytes=4-2', 'items=0-1', 'bytes=0-1,3-4', 'bytes=a-b']) expect(parseRange(h, 10), String(h)).toBeUndefined();
  });
  it('answers 416 InvalidRange past the end', () => {
    const invalid = (h: string, size: number) =>
      expect(() => parseRange(h, size)).toThrow(expect.objectContaining({ code: 'InvalidRange', status: 416, fields: { RangeRequested: h, ActualObjectSize: String(size) } }));
    invalid('bytes=10-', 10);
    invalid('bytes=10-20', 10);
    invalid('bytes=0-0', 0);
    invalid('bytes=-0', 10);
  });
});

describe('conditional requests', () => {
  const record = { ETag: '"abc"', LastModified: '2024-05-01T12:00:00.000Z' } as ObjectRecord;
  const before = new Date('2024-04-01T00:00:00Z');
  const after = new Date('2024-06-01T00:00:00Z');
  it('answers 412 for If-Match and If-Unmodified-Since, 304 for If-None-Match and If-Modified-Since', () => {
    expect(() => checkConditions({ IfMatch: '"xyz"' }, record)).toThrow(expect.objectContaining({ code: 'PreconditionFailed', status: 412 }));
    expect(() => checkConditions({ IfUnmodifiedSince: before }, record)).toThrow(expect.objectContaining({ status: 412 }));
    expect(() => checkConditions({ IfNoneMatch: '"abc"' }, record)).toThrow(expect.objectContaining({ status: 304 }));
    expect(() => checkConditions({ IfModifiedSince: after }, record)).toThrow(expect.objectContaining({ status: 304 }));
    expect(() => checkConditions({ IfMatch: 'abc', IfModifiedSince: before, IfNoneMatch: '"other", "x"' }, record)).not.toThrow();
  });
  it("follows S3's precedence between the pairs", () => {
    // If-Match true wins over If-Unmodified-Since false; If-None-Match false wins over If-Modified-Since true.
    expect(() => checkConditions({ IfMatch: '*', IfUnmodifiedSince: before }, record)).not.toThrow();
    expect(() => checkConditions({ IfNoneMatch: '"abc"', IfModifiedSince: before }, record)).toThrow(expect.objectContaining({ status: 304 }));
  });
});
