// KeyMetadata as DescribeKey, CreateKey and the SDKs see it (KMS-MODEL `KeyMetadata`; the default
// key's fields from OBS LS-KMS-SNAP `test_create_key`, aws-behavior.md §6.1). Only members of the
// model trailkey serves are emitted: it has no CurrentKeyMaterialId, so neither do we.
import { algorithmsOf, type KeyUsage } from './key-spec.js';
import type { KeyRecord } from './keys.js';

export function keyMetadata(key: KeyRecord): Record<string, unknown> {
  const m: Record<string, unknown> = {
    AWSAccountId: key.AWSAccountId,
    KeyId: key.KeyId,
    Arn: key.Arn,
    CreationDate: new Date(key.CreationDate),
    // Enabled is true only in the Enabled state (§6.1: false after ScheduleKeyDeletion [INF], and
    // false for PendingImport keys, OBS LS-KMS-SNAP `test_import_key_symmetric`).
    Enabled: key.KeyState === 'Enabled',
    Description: key.Description,
    KeyUsage: key.KeyUsage,
    KeyState: key.KeyState,
    Origin: key.Origin,
    KeyManager: 'CUSTOMER',
    // The deprecated alias of KeySpec, still returned with the same value.
    CustomerMasterKeySpec: key.KeySpec,
    KeySpec: key.KeySpec,
    ...algorithmsOf(key.KeySpec, key.KeyUsage as KeyUsage),
    MultiRegion: key.MultiRegion,
  };
  if (key.MultiRegion) {
    // A primary key without replicas (trailkey serves no ReplicateKey), as OBS LS-KMS-SNAP
    // `test_create_multi_region_key` shows it.
    m.MultiRegionConfiguration = {
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: key.Arn, Region: key.Region },
      ReplicaKeys: [],
    };
  }
  if (key.KeyState === 'PendingDeletion' && key.DeletionDate) {
    m.DeletionDate = new Date(key.DeletionDate);
    m.PendingDeletionWindowInDays = key.PendingDeletionWindowInDays;
  }
  return m;
}
