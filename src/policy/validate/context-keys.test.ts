import { describe, expect, it } from 'vitest';
import { isMultiValuedKey, isSingleValuedKey, keyCardinality, MULTI_VALUED_KEYS, SINGLE_VALUED_KEYS, SINGLE_VALUED_KEY_PREFIXES } from '../context-keys.js';

describe('context key cardinality', () => {
  it.each(['aws:SourceArn', 'aws:SourceAccount', 'kms:CallerAccount', 'kms:ViaService', 'kms:EncryptionContext:aws:cloudtrail:arn', 'aws:PrincipalArn', 's3:x-amz-acl', 'aws:RequestTag/team', 'AWS:SOURCEARN'])(
    '%s is single-valued', (k) => {
      expect(keyCardinality(k)).toBe('single');
      expect(isSingleValuedKey(k)).toBe(true);
      expect(isMultiValuedKey(k)).toBe(false);
    });
  it.each(['aws:TagKeys', 'kms:EncryptionContextKeys', 'aws:CalledVia', 'aws:PrincipalServiceNamesList', 'aws:PrincipalOrgPaths', 'kms:GrantOperations', 'KMS:encryptioncontextkeys'])(
    '%s is multivalued', (k) => {
      expect(keyCardinality(k)).toBe('multi');
      expect(isMultiValuedKey(k)).toBe(true);
      expect(isSingleValuedKey(k)).toBe(false);
    });
  it.each(['custom:thing', 'kms:EncryptionContext:', 'aws:RequestTag/', ''])('%s is unknown', (k) => {
    expect(keyCardinality(k)).toBeUndefined();
  });
  it('lists are lower-case and disjoint', () => {
    for (const k of [...SINGLE_VALUED_KEYS, ...MULTI_VALUED_KEYS, ...SINGLE_VALUED_KEY_PREFIXES]) expect(k).toBe(k.toLowerCase());
    for (const k of MULTI_VALUED_KEYS) {
      expect(SINGLE_VALUED_KEYS.has(k)).toBe(false);
      expect(SINGLE_VALUED_KEY_PREFIXES.some((p) => k.startsWith(p))).toBe(false);
    }
  });
});
