import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** What a command may touch, so tests can run commands in-process. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly color: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

/** Reads a file argument, `-` meaning standard input. */
export function readInput(path: string, io: Io): Promise<string> {
  return path === '-' ? io.readStdin() : readFile(path, 'utf8');
}

/** Exit codes carry verdicts (DESIGN.md): 0 ok/allowed, 1 findings/denied, 2 usage or input error. */
export const EXIT = { ok: 0, denied: 1, usage: 2 } as const;

/** A usage or input error: printed as one line, exit 2. */
export class UsageError extends Error {}

/** trailkey's version, for reports (package.json sits two levels up from both src/cli and dist/cli). */
export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * The AWS SDK warns on every run that it will need Node 22 from 2027. trailkey pins the SDK, so
 * for its users the warning is noise; whoever sets the variable themselves still decides.
 */
export function quietSdkNodeWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
