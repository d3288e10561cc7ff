#!/usr/bin/env node
// The `trailkey` command: a table of small commands (principle 8); adding one is a file and a line.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as audit from './commands/audit.js';
import * as check from './commands/check.js';
import * as evalCommand from './commands/eval.js';
import * as explain from './commands/explain.js';
import * as fix from './commands/fix.js';
import * as flush from './commands/flush.js';
import * as serve from './commands/serve.js';
import * as validateLogs from './commands/validate-logs.js';
import { EXIT, processIo, UsageError, type Io } from './io.js';

interface Command {
  usage: string;
  summary: string;
  run(argv: string[], io: Io): Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = { audit, check, eval: evalCommand, explain, fix, flush, serve, 'validate-logs': validateLogs };

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}\n    ${c.usage}`);
  return `usage: trailkey <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`trailkey: unknown command \`${name}\`\n${help()}`);
    return EXIT.usage;
  }
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
