// `trailkey explain`: why the engine allows or denies one request against the inputs' key or bucket
// policy (`--principal P --action A`), or a whole request file (`--request FILE`), or what a rule means.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { doctorOptions, explainQuestion, explainRequest, INPUT_OPTIONS, INPUT_USAGE, InputError, loadInputs, ruleById, RULES, traceLines } from '../../doctor/index.js';
import { compileRequestFile, evaluate, explain, readRequestFile, RequestError } from '../../policy/index.js';
import { EXIT, readInput, UsageError, type Io } from '../io.js';

export const usage = `trailkey explain --principal P --action A [--resource R] [--context key=value]… [--identity-policy FILE]… ${INPUT_USAGE} | --request FILE [inputs] | TKnnn`;
export const summary = 'tell in plain sentences why a request is allowed or denied, or what a rule checks';

async function json(path: string, io: Io, what: string): Promise<unknown> {
  const text = await readInput(path, io).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read \`${path}\`: ${e.code === 'ENOENT' ? 'no such file' : (e.code ?? e.message)}`);
  });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`\`${path}\` is not valid JSON (${what}): ${(e as Error).message}`);
  }
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...INPUT_OPTIONS,
      principal: { type: 'string' },
      action: { type: 'string' },
      resource: { type: 'string' },
      context: { type: 'string', multiple: true },
      'identity-policy': { type: 'string', multiple: true },
      request: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`one rule id at a time, not ${positionals.map((p) => `\`${p}\``).join(' ')}`);
  if (positionals.length === 1) {
    const id = positionals[0].toUpperCase();
    if (!RULES.some((r) => r.id === id)) throw new UsageError(`unknown rule \`${positionals[0]}\`: rules are ${RULES[0].id}…${RULES[RULES.length - 1].id}`);
    const r = ruleById(id);
    io.stdout(`${r.id} ${r.name} (${r.severity}): ${r.title}\n\n${r.explanation}\n\nfix: ${r.fix}\nsee: ${r.help}\n`);
    return EXIT.ok;
  }
  const identityPolicies = [];
  for (const p of values['identity-policy'] ?? []) identityPolicies.push(await json(p, io, 'an identity policy'));
  const options = doctorOptions(values);
  if (values.request) {
    let compiled;
    try {
      const file = readRequestFile(await json(values.request, io, 'a request'));
      // A request without its own resourcePolicy is asked of the inputs' key or bucket policy.
      if (file.resourcePolicy === undefined && Object.keys(options).length > 0) {
        const loaded = await loadInputs(options, (p) => readFile(p, 'utf8'));
        const answer = explainRequest(loaded.variants[0].setup, file, [...(file.identityPolicies ?? []), ...identityPolicies]);
        io.stdout(answer.text + '\n');
        return answer.decision.effect === 'Allow' ? EXIT.ok : EXIT.denied;
      }
      compiled = compileRequestFile(file);
    } catch (e) {
      if (e instanceof RequestError) throw new UsageError(`bad field \`${e.field}\`: ${e.message}`);
      if (e instanceof InputError) throw new UsageError(e.message);
      throw e;
    }
    const decision = evaluate(compiled.request, compiled.policies, { trace: true });
    io.stdout([explain(decision, compiled.request), '', 'statement by statement:', ...traceLines(decision)].join('\n') + '\n');
    return decision.effect === 'Allow' ? EXIT.ok : EXIT.denied;
  }
  if (!values.principal || !values.action) throw new UsageError('give --principal and --action (with the policies to ask), --request FILE, or a rule id');
  let answer;
  try {
    const loaded = await loadInputs(options, (p) => readFile(p, 'utf8'));
    answer = explainQuestion(loaded.variants[0].setup, {
      principal: values.principal, action: values.action, ...(values.resource ? { resource: values.resource } : {}),
      context: values.context ?? [], identityPolicies,
    });
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  io.stdout(answer.text + '\n');
  return answer.decision.effect === 'Allow' ? EXIT.ok : EXIT.denied;
}
