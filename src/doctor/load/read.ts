// Reading and parsing input files, with one clear line for every problem (exit code 2).

import { InputError, type InputFile } from '../model.js';
import type { ReadFile } from './options.js';

export async function readText(read: ReadFile, file: string, kind: InputFile['kind']): Promise<InputFile> {
  try {
    const text = await read(file);
    return { kind, file, text: text.replace(/^\uFEFF/, '') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read \`${file}\`: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? (e as Error).message)}`);
  }
}

export function parseJson(input: InputFile, what: string): unknown {
  try {
    return JSON.parse(input.text);
  } catch (e) {
    throw new InputError(`\`${input.file}\` is not valid JSON (${what}): ${(e as Error).message}`);
  }
}

/** A policy document as found in a file or an attribute: a JSON object, or a string holding one. */
export function policyValue(value: unknown, where: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (e) {
    throw new InputError(`${where} is not valid JSON: ${(e as Error).message}`);
  }
}
