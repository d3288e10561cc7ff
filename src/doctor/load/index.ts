// Reads every input the user named into one Setup per pseudo-parameter assignment (one for files
// and Terraform plans; several for CloudFormation, see variants.ts).

import { emptySetup, InputError, type Setup } from '../model.js';
import { parseTemplate } from './cfn-parse.js';
import { loadCloudFormation, type TemplateInput } from './cloudformation.js';
import { applyFlags, readPolicyFiles, setupFromFlags } from './files.js';
import type { DoctorOptions, ReadFile } from './options.js';
import { parseJson, readText } from './read.js';
import { linkAcross } from './link.js';
import { loadTerraform } from './terraform.js';
import { assignments, SYMBOLS, type Assignment, type TemplateText } from './variants.js';

export type { DoctorOptions, ReadFile } from './options.js';

export interface Loaded {
  /** The first is the reference assignment (shared placeholders); the others vary one pseudo parameter. */
  variants: { setup: Setup; varies: Assignment['varies'] }[];
  /** Placeholder → symbol, to show `${AWS::AccountId}` instead of a placeholder. */
  symbols: [string, string][];
}

/** `Name=Value` for every template, `FILE:Name=Value` for one. */
function parameterOverrides(options: DoctorOptions, files: readonly string[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>(files.map((f) => [f, new Map()]));
  for (const p of options.parameters ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new InputError(`--parameter \`${p}\` is not Name=Value`);
    let name = p.slice(0, eq);
    const value = p.slice(eq + 1);
    const scoped = files.find((f) => name.startsWith(`${f}:`));
    if (scoped) name = name.slice(scoped.length + 1);
    if (!scoped && files.length === 0) throw new InputError('--parameter needs --cloudformation');
    for (const f of scoped ? [scoped] : files) out.get(f)!.set(name, value);
  }
  return out;
}

export async function loadInputs(options: DoctorOptions, read: ReadFile): Promise<Loaded> {
  const templatesGiven = options.cloudformation ?? [];
  if (!options.terraform && templatesGiven.length === 0 && !options.keyPolicy && !options.bucketPolicy && !options.trailArn) {
    throw new InputError('nothing to check: give --key-policy/--bucket-policy with --trail-arn, --terraform PLAN.json or --cloudformation TEMPLATE');
  }
  const base = emptySetup();
  const policies = await readPolicyFiles(options, read, base);
  if (options.terraform) {
    const input = await readText(read, options.terraform, 'terraform');
    base.inputs.push(input);
    loadTerraform(input, parseJson(input, 'a Terraform plan from `terraform show -json`'), options, base);
  }
  const templates: TemplateInput[] = [];
  for (const file of templatesGiven) {
    const input = await readText(read, file, 'cloudformation');
    base.inputs.push(input);
    templates.push({ file, template: parseTemplate(input) });
  }
  if (!options.terraform && templates.length === 0) {
    setupFromFlags(options, policies, base);
    return { variants: [{ setup: base, varies: 'none' }], symbols: [] };
  }
  if (templates.length === 0) {
    applyFlags(base, options, policies);
    return { variants: [{ setup: base, varies: 'none' }], symbols: [] };
  }
  const overrides = parameterOverrides(options, templatesGiven);
  const texts: TemplateText[] = templates.map((t, i) => ({
    file: t.file,
    text: base.inputs.find((x) => x.file === t.file)?.text ?? '',
    ...(overrides.get(templatesGiven[i])!.get('AWS::AccountId') ? { fixedAccount: overrides.get(templatesGiven[i])!.get('AWS::AccountId') } : {}),
    ...(overrides.get(templatesGiven[i])!.get('AWS::Region') ? { fixedRegion: overrides.get(templatesGiven[i])!.get('AWS::Region') } : {}),
  }));
  const variants = assignments(texts).map((a) => {
    // A Terraform plan in the same run is shared by every assignment: rebuild it each time so that
    // each setup is independent.
    const setup: Setup = { ...emptySetup(), inputs: base.inputs };
    if (options.terraform) {
      const input = base.inputs.find((i) => i.kind === 'terraform')!;
      loadTerraform(input, parseJson(input, 'a Terraform plan'), options, setup);
    }
    for (const t of templates) {
      const params = overrides.get(t.file)!;
      const pseudo = {
        accountId: a.accounts[t.file], region: a.regions[t.file],
        partition: params.get('AWS::Partition') ?? 'aws', stackName: params.get('AWS::StackName') ?? 'stack',
      };
      loadCloudFormation(t, pseudo, params, setup);
    }
    linkAcross(setup);
    applyFlags(setup, options, policies);
    return { setup, varies: a.varies };
  });
  return { variants, symbols: [...SYMBOLS] };
}
