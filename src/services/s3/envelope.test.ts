import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bodyAad, deriveObjectKey, openBody, sealBody, unwrapKey, wrapKey } from './envelope.js';

describe('object body encryption', () => {
  const key = randomBytes(32);
  const data = Buffer.from('the log records');

  it('round-trips, never stores the plaintext, and uses a fresh IV each time', () => {
    const a = sealBody(key, data, bodyAad('b', 'k', 1));
    const b = sealBody(key, data, bodyAad('b', 'k', 1));
    expect(a.includes(data)).toBe(false);
    expect(a.equals(b)).toBe(false);
    expect(openBody(key, a, bodyAad('b', 'k', 1))).toEqual(data);
  });

  it('refuses a blob that was changed, or moved to another object or part', () => {
    const blob = sealBody(key, data, bodyAad('b', 'k', 1));
    const changed = Buffer.from(blob);
    changed[14] ^= 1;
    expect(() => openBody(key, changed, bodyAad('b', 'k', 1))).toThrow();
    expect(() => openBody(key, blob, bodyAad('b', 'other', 1))).toThrow();
    expect(() => openBody(key, blob, bodyAad('b', 'k', 2))).toThrow();
    expect(() => openBody(randomBytes(32), blob, bodyAad('b', 'k', 1))).toThrow();
  });

  it('wraps data keys under the master key and derives per-object keys from a bucket key', () => {
    const master = randomBytes(32);
    expect(unwrapKey(master, wrapKey(master, key))).toEqual(key);
    const salt = randomBytes(16);
    expect(deriveObjectKey(key, salt)).toEqual(deriveObjectKey(key, salt));
    expect(deriveObjectKey(key, salt)).not.toEqual(deriveObjectKey(key, randomBytes(16)));
  });
});
