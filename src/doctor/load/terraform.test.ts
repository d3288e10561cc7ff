import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptySetup, type PolicyDoc } from '../model.js';
import { isUnknown } from '../values.js';
import { loadTerraform } from './terraform.js';

const FIX = join(import.meta.dirname, '../../../test/fixtures/doctor/terraform');

async function load(name: string, options = {}) {
  const text = await readFile(join(FIX, name), 'utf8');
  const setup = emptySetup();
  loadTerraform({ kind: 'terraform', file: name, text }, JSON.parse(text), options, setup);
  return setup;
}

describe('Terraform plans', () => {
  it('links the trail to its bucket and key through the configuration references', async () => {
    const s = await load('single-account.json');
    const t = s.trails[0];
    expect(t.arn).toBe('arn:aws:cloudtrail:us-east-1:111111111111:trail/management-events');
    // s3_bucket_name and kms_key_id are unknown until apply; the references name the resources.
    expect(t.bucketName).toBe('acme-cloudtrail-111111111111');
    expect(t.bucket?.id).toBe('aws_s3_bucket.trail_logs');
    expect(t.key?.id).toBe('aws_kms_key.trail');
    expect(t.key?.arn).toBe('arn:aws:kms:us-east-1:111111111111:key/aws_kms_key.trail');
    expect(t.bucket?.bucketKeyEnabled).toBe(true);
    expect((t.bucket?.policy as PolicyDoc).label).toBe('aws_s3_bucket_policy.trail_logs.policy');
    expect(t).toMatchObject({ isMultiRegionTrail: true, isOrganizationTrail: false, logFileValidationEnabled: true });
  });

  it("takes each provider's Region and account: assume_role and data sources", async () => {
    const s = await load('central-logging.json');
    const t = s.trails[0];
    expect(t.arn).toBe('arn:aws:cloudtrail:eu-west-1:111111111111:trail/workload-trail');
    expect(t.key?.arn).toBe('arn:aws:kms:eu-west-1:222222222222:key/aws_kms_key.central');
    expect(t.bucket?.account).toBe('222222222222');
    expect(t.prefix).toBe('trails');
  });

  it('reads the organization id from data.aws_organizations_organization', async () => {
    const t = (await load('organization.json')).trails[0];
    expect(t).toMatchObject({ isOrganizationTrail: true, organizationId: 'o-a1b2c3d4e5' });
  });

  it('keeps values unknown until apply unknown, naming them and what they depend on', async () => {
    const s = await load('unknown-bucket.json');
    const b = s.trails[0].bucket!;
    expect(isUnknown(b.name) && b.name.what).toBe('`aws_s3_bucket.trail_logs.bucket`');
    expect(isUnknown(b.policy) && b.policy.what).toBe('`aws_s3_bucket_policy.trail_logs.policy` (depends on `aws_s3_bucket.trail_logs.arn`)');
  });

  it('asks for the account when no data source or role says it', async () => {
    const text = (await readFile(join(FIX, 'lake.json'), 'utf8')).replace(/"aws_caller_identity"/g, '"aws_partition"');
    const setup = emptySetup();
    loadTerraform({ kind: 'terraform', file: 'p.json', text }, JSON.parse(text), {}, setup);
    const arn = setup.eventDataStores[0].arn;
    expect(isUnknown(arn) && arn.what).toMatch(/the account of provider `aws` \(add `data "aws_caller_identity"` or pass --account\)/);
    const withFlag = emptySetup();
    loadTerraform({ kind: 'terraform', file: 'p.json', text }, JSON.parse(text), { account: '333333333333' }, withFlag);
    expect(withFlag.eventDataStores[0].arn).toBe('arn:aws:cloudtrail:us-east-1:333333333333:eventdatastore/aws_cloudtrail_event_data_store.audit');
  });

  it('gives a key without a policy KMS default policy', async () => {
    const text = await readFile(join(FIX, 'lake.json'), 'utf8');
    const plan = JSON.parse(text);
    const key = plan.planned_values.root_module.resources.find((r: { type: string }) => r.type === 'aws_kms_key');
    delete key.values.policy;
    plan.resource_changes.find((r: { type: string }) => r.type === 'aws_kms_key').change.after_unknown.policy = true;
    delete plan.configuration.root_module.resources.find((r: { type: string }) => r.type === 'aws_kms_key').expressions.policy;
    const setup = emptySetup();
    loadTerraform({ kind: 'terraform', file: 'p.json', text }, plan, {}, setup);
    expect((setup.keys[0].policy as PolicyDoc).isDefault).toBe(true);
  });
});

describe('Terraform plans with modules and separate policy resources', () => {
  it('resolves references relative to the module', async () => {
    const plan = JSON.parse(await readFile(join(FIX, 'single-account.json'), 'utf8'));
    const prefix = (a: string) => `module.trail.${a}`;
    const managed = plan.planned_values.root_module.resources.map((r: { address: string }) => ({ ...r, address: prefix(r.address) }));
    plan.planned_values.root_module = { resources: [], child_modules: [{ address: 'module.trail', resources: managed }] };
    for (const rc of plan.resource_changes) rc.address = prefix(rc.address);
    const config = plan.configuration.root_module;
    const moduleResources = config.resources.filter((r: { mode: string }) => r.mode === 'managed').map((r: object) => ({ ...r, provider_config_key: 'module.trail:aws' }));
    config.resources = config.resources.filter((r: { mode: string }) => r.mode === 'data');
    config.module_calls = { trail: { source: './modules/trail', module: { resources: moduleResources } } };
    const setup = emptySetup();
    loadTerraform({ kind: 'terraform', file: 'p.json', text: JSON.stringify(plan) }, plan, {}, setup);
    const t = setup.trails[0];
    expect(t.id).toBe('module.trail.aws_cloudtrail.main');
    expect(t.key?.id).toBe('module.trail.aws_kms_key.trail');
    expect(t.bucket?.id).toBe('module.trail.aws_s3_bucket.trail_logs');
    expect(t.arn).toBe('arn:aws:cloudtrail:us-east-1:111111111111:trail/management-events');
  });

  it('takes the key policy from aws_kms_key_policy when there is one', async () => {
    const plan = JSON.parse(await readFile(join(FIX, 'lake.json'), 'utf8'));
    const attached = { Version: '2012-10-17', Statement: [{ Sid: 'Attached', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] };
    plan.planned_values.root_module.resources.push({ address: 'aws_kms_key_policy.lake', mode: 'managed', type: 'aws_kms_key_policy', name: 'lake', provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: { policy: JSON.stringify(attached), bypass_policy_lockout_safety_check: false }, sensitive_values: {} });
    plan.resource_changes.push({ address: 'aws_kms_key_policy.lake', mode: 'managed', type: 'aws_kms_key_policy', name: 'lake', change: { actions: ['create'], after_unknown: { key_id: true, id: true } } });
    plan.configuration.root_module.resources.push({ address: 'aws_kms_key_policy.lake', mode: 'managed', type: 'aws_kms_key_policy', name: 'lake', provider_config_key: 'aws', expressions: { key_id: { references: ['aws_kms_key.lake.id', 'aws_kms_key.lake'] } } });
    const setup = emptySetup();
    loadTerraform({ kind: 'terraform', file: 'p.json', text: JSON.stringify(plan) }, plan, {}, setup);
    expect((setup.keys[0].policy as PolicyDoc).label).toBe('aws_kms_key_policy.lake.policy');
    expect(((setup.keys[0].policy as PolicyDoc).document as typeof attached).Statement[0].Sid).toBe('Attached');
  });

  it("reads a v3 bucket's inline policy and encryption block", async () => {
    const plan = JSON.parse(await readFile(join(FIX, 'single-account.json'), 'utf8'));
    const bucket = plan.planned_values.root_module.resources.find((r: { type: string }) => r.type === 'aws_s3_bucket');
    const policy = plan.planned_values.root_module.resources.find((r: { type: string }) => r.type === 'aws_s3_bucket_policy').values.policy;
    bucket.values.policy = policy;
    bucket.values.server_side_encryption_configuration = [{ rule: [{ bucket_key_enabled: false, apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] }] }];
    const change = plan.resource_changes.find((r: { type: string }) => r.type === 'aws_s3_bucket').change.after_unknown;
    delete change.policy;
    delete change.server_side_encryption_configuration;
    plan.planned_values.root_module.resources = plan.planned_values.root_module.resources.filter((r: { type: string }) => !r.type.startsWith('aws_s3_bucket_'));
    const setup = emptySetup();
    loadTerraform({ kind: 'terraform', file: 'p.json', text: JSON.stringify(plan) }, plan, {}, setup);
    const b = setup.trails[0].bucket!;
    expect((b.policy as PolicyDoc).label).toBe('aws_s3_bucket.trail_logs.policy');
    expect(b.bucketKeyEnabled).toBe(false);
  });
});
