import { parseArgs } from 'node:util';
import { compileRequestFile, evaluate, explain, readRequestFile, RequestError } from '../../policy/index.js';
import { EXIT, readInput, UsageError, type Io } from '../io.js';

export const usage = 'trailkey eval --request FILE|- [--format text|json]';
export const summary = 'evaluate one request against its identity and resource policies';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { request: { type: 'string', short: 'r' }, format: { type: 'string', default: 'text' } },
  });
  if (!values.request) throw new UsageError('`--request FILE` is required (use `-` for standard input)');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown format \`${values.format}\`: use text or json`);
  const text = await readInput(values.request, io).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read \`${values.request}\`: ${e.code ?? e.message}`);
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`the request is not valid JSON: ${(e as Error).message}`);
  }
  let compiled;
  try {
    compiled = compileRequestFile(readRequestFile(parsed));
  } catch (e) {
    if (e instanceof RequestError) throw new UsageError(`bad field \`${e.field}\`: ${e.message}`);
    throw e;
  }
  const decision = evaluate(compiled.request, compiled.policies, { trace: true });
  if (values.format === 'json') {
    const { effect, reasons, missing, trace } = decision;
    io.stdout(JSON.stringify({ decision: effect, reasons, ...(missing ? { missing } : {}), trace }, null, 2) + '\n');
  } else {
    io.stdout(explain(decision, compiled.request) + '\n');
  }
  return decision.effect === 'Allow' ? EXIT.ok : EXIT.denied;
}
