// Reading `terraform show -json` plan output: resources with their planned values, which attributes
// stay unknown until apply (resource_changes[].change.after_unknown), the configuration expressions
// that say which resource an attribute refers to, and each provider's Region and account.
// Format: https://developer.hashicorp.com/terraform/internals/json-format

import { InputError } from '../model.js';
import { Unknown, type Value } from '../values.js';

type Obj = Record<string, unknown>;

export interface Expression {
  constant_value?: unknown;
  references?: string[];
}

export interface TfResource {
  /** Full address: `module.logs.aws_s3_bucket.this[0]`. */
  address: string;
  /** Address without instance keys, as the configuration names it. */
  configAddress: string;
  /** `module.logs.` or ``. */
  module: string;
  mode: 'managed' | 'data';
  type: string;
  values: Obj;
  /** The after_unknown tree: `true` where a value is unknown until apply. */
  unknown: Obj;
  expressions: Record<string, Expression>;
  providerKey: string;
  /** Path to the resource object in the plan JSON, for line numbers. */
  path: (string | number)[];
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export class Plan {
  readonly resources: TfResource[] = [];
  private readonly byAddress = new Map<string, TfResource[]>();
  private readonly providers: Obj;
  private readonly variables: Obj;

  constructor(readonly json: Obj, readonly file: string) {
    if (!isObj(json) || typeof json.format_version !== 'string' || !isObj(json.planned_values)) {
      throw new InputError(`\`${file}\` is not a Terraform plan: expected the output of \`terraform show -json\` (format_version, planned_values)`);
    }
    const config = isObj(json.configuration) ? json.configuration : {};
    this.providers = isObj(config.provider_config) ? config.provider_config : {};
    this.variables = isObj(json.variables) ? json.variables : {};
    const unknowns = new Map<string, Obj>();
    for (const rc of Array.isArray(json.resource_changes) ? json.resource_changes : []) {
      if (isObj(rc) && isObj(rc.change) && typeof rc.address === 'string') unknowns.set(rc.address, isObj(rc.change.after_unknown) ? rc.change.after_unknown : {});
    }
    const configs = new Map<string, Obj>();
    const walkConfig = (mod: unknown, prefix: string) => {
      if (!isObj(mod)) return;
      for (const r of Array.isArray(mod.resources) ? mod.resources : []) if (isObj(r)) configs.set(prefix + String(r.address), r);
      for (const [name, call] of Object.entries(isObj(mod.module_calls) ? mod.module_calls : {})) {
        if (isObj(call)) walkConfig(call.module, `${prefix}module.${name}.`);
      }
    };
    walkConfig(config.root_module, '');
    const walk = (mod: unknown, path: (string | number)[]) => {
      if (!isObj(mod)) return;
      (Array.isArray(mod.resources) ? mod.resources : []).forEach((r, i) => {
        if (!isObj(r) || typeof r.address !== 'string' || typeof r.type !== 'string') return;
        const configAddress = r.address.replace(/\[[^\]]*\]/g, '');
        if (this.byAddress.has(r.address) && r.mode === 'data') return; // planned_values wins over prior_state
        const module = configAddress.slice(0, configAddress.length - `${r.type}.${String(r.name)}`.length).replace(/^data\.$/, '');
        const cfg = configs.get(configAddress) ?? {};
        const res: TfResource = {
          address: r.address, configAddress, module: module.replace(/data\.$/, ''), mode: r.mode === 'data' ? 'data' : 'managed', type: r.type,
          values: isObj(r.values) ? r.values : {}, unknown: unknowns.get(r.address) ?? {},
          expressions: (isObj(cfg.expressions) ? cfg.expressions : {}) as Record<string, Expression>,
          providerKey: typeof cfg.provider_config_key === 'string' ? cfg.provider_config_key : 'aws',
          path: [...path, 'resources', i],
        };
        this.resources.push(res);
        const list = this.byAddress.get(configAddress) ?? [];
        list.push(res);
        this.byAddress.set(configAddress, list);
        if (configAddress !== r.address) this.byAddress.set(r.address, [res]);
      });
      (Array.isArray(mod.child_modules) ? mod.child_modules : []).forEach((c, i) => walk(c, [...path, 'child_modules', i]));
    };
    walk(json.planned_values.root_module, ['planned_values', 'root_module']);
    // Data sources read while planning are in prior_state, not planned_values.
    const prior = isObj(json.prior_state) && isObj(json.prior_state.values) ? json.prior_state.values.root_module : undefined;
    walk(prior, ['prior_state', 'values', 'root_module']);
  }

  ofType(type: string, mode: 'managed' | 'data' = 'managed'): TfResource[] {
    return this.resources.filter((r) => r.type === type && r.mode === mode);
  }

  /** An attribute's planned value, or Unknown when it is only known after apply. */
  attr(r: TfResource, name: string): Value<unknown> {
    if (r.unknown[name] === true) return new Unknown(this.unknownName(r, name));
    return r.values[name];
  }

  /** `aws_s3_bucket_policy.logs.policy (depends on aws_s3_bucket.logs.arn)`. */
  unknownName(r: TfResource, name: string): string {
    const refs = (r.expressions[name]?.references ?? []).filter((ref) => ref.split('.').length >= 3 || ref.startsWith('data.'));
    const unknownRefs = refs.filter((ref) => {
      const target = this.reference(r, ref);
      return target && target.attribute && target.resource.unknown[target.attribute] === true;
    });
    const deps = (unknownRefs.length ? unknownRefs : refs).slice(0, 3);
    return `\`${r.address}.${name}\`${deps.length ? ` (depends on ${deps.map((d) => `\`${d}\``).join(', ')})` : ''}`;
  }

  /** The resource (and attribute) a reference such as `aws_s3_bucket.logs.id` names, from the resource's module. */
  reference(from: TfResource, ref: string): { resource: TfResource; attribute?: string } | undefined {
    const clean = ref.replace(/\[[^\]]*\]/g, '');
    const parts = clean.split('.');
    const data = parts[0] === 'data';
    const head = data ? parts.slice(0, 3).join('.') : parts.slice(0, 2).join('.');
    const attribute = parts[data ? 3 : 2];
    const resource = this.byAddress.get(from.module + head)?.[0];
    return resource ? { resource, attribute } : undefined;
  }

  /** The resources an attribute's expression refers to, with the attribute named. */
  references(from: TfResource, name: string): { resource: TfResource; attribute?: string }[] {
    const out: { resource: TfResource; attribute?: string }[] = [];
    for (const ref of from.expressions[name]?.references ?? []) {
      const target = this.reference(from, ref);
      if (target && !out.some((o) => o.resource === target.resource && o.attribute === target.attribute)) out.push(target);
    }
    return out.filter((o) => o.attribute !== undefined || !out.some((x) => x.resource === o.resource && x.attribute !== undefined));
  }

  private variable(ref: string): unknown {
    const name = /^var\.(.+)$/.exec(ref)?.[1];
    const v = name ? this.variables[name] : undefined;
    return isObj(v) ? v.value : undefined;
  }

  /** The Region of a provider configuration (its `region` argument, constant or a variable), or undefined. */
  providerRegion(key: string): string | undefined {
    const cfg = this.providerConfig(key);
    const e = isObj(cfg?.expressions) ? (cfg.expressions.region as Expression | undefined) : undefined;
    const v = e?.constant_value ?? (e?.references ?? []).map((r) => this.variable(r)).find((x) => typeof x === 'string');
    return typeof v === 'string' ? v : undefined;
  }

  /** The account a provider configuration assumes a role in (`assume_role.role_arn`), or undefined. */
  providerAssumedAccount(key: string): string | undefined {
    const cfg = this.providerConfig(key);
    const exprs = isObj(cfg?.expressions) ? cfg.expressions : {};
    const assume = Array.isArray(exprs.assume_role) ? exprs.assume_role[0] : exprs.assume_role;
    const role = isObj(assume) ? (assume.role_arn as Expression | undefined) : undefined;
    const arn = role?.constant_value ?? (role?.references ?? []).map((r) => this.variable(r)).find((x) => typeof x === 'string');
    return typeof arn === 'string' ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
  }

  private providerConfig(key: string): Obj | undefined {
    const cfg = this.providers[key];
    if (isObj(cfg)) return cfg;
    // Modules that inherit the root provider use `module.x:aws` keys absent from provider_config.
    const base = key.split(':').pop()!;
    return isObj(this.providers[base]) ? (this.providers[base] as Obj) : undefined;
  }

  /** Data sources of a type read with the given provider configuration. */
  dataFor(type: string, providerKey: string): TfResource[] {
    const all = this.ofType(type, 'data');
    const same = all.filter((d) => d.providerKey === providerKey || d.providerKey.split(':').pop() === providerKey.split(':').pop());
    return same.length ? same : [];
  }
}
