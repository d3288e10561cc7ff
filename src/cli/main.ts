#!/usr/bin/env node
// The `trailkey` command: a table of small commands (principle 8); adding one is a file and a line.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, processIo, UsageError, type Io } from './io.js';

interface Command {
  usage: string;
  summary: string;
  run(argv: string[], io: Io): Promise<number>;
}

// Commands load on demand: `trailkey eval` need not load the emulator, nor `validate-logs` the doctor.
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  audit: () => import('./commands/audit.js'),
  check: () => import('./commands/check.js'),
  eval: () => import('./commands/eval.js'),
  explain: () => import('./commands/explain.js'),
  fix: () => import('./commands/fix.js'),
  flush: () => import('./commands/flush.js'),
  serve: () => import('./commands/serve.js'),
  'validate-logs': () => import('./commands/validate-logs.js'),
};

async function help(): Promise<string> {
  const lines = await Promise.all(
    Object.entries(COMMANDS).map(async ([name, load]) => {
      const c = await load();
      return `  ${name.padEnd(8)} ${c.summary}\n    ${c.usage}`;
    }),
  );
  return `usage: trailkey <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await help());
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`trailkey: unknown command \`${name}\`\n${await help()}`);
    return EXIT.usage;
  }
  const command = await load();
  try {
    return await command.run(rest, io);
  } catch (e) {
    // parseArgs reports unknown or malformed options with a TypeError carrying an ERR_PARSE_ARGS code.
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (e instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`trailkey ${name}: ${(e as Error).message}\nusage: ${command.usage}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
