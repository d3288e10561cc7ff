// Input validation from the AWS service models (botocore's service-2.json, trimmed to the operations
// trailkey serves and committed under src/services/<svc>/model.json). Constraints are data; one
// walker produces AWS's text (principle 3):
//   1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint:
//   Member must have value less than or equal to 1024
// Member paths are lowerCamelCase; list items are `name.1.member` (1-based), map entries
// `name.key`/`name.value`, as LocalStack's recorded AWS responses show (aws-behavior.md §1).
import { AwsError } from './aws-error.js';

export interface ShapeRef {
  shape: string;
}

export interface Shape {
  type: 'structure' | 'string' | 'integer' | 'long' | 'boolean' | 'blob' | 'timestamp' | 'list' | 'map' | 'double' | 'float';
  required?: string[];
  members?: Record<string, ShapeRef & { location?: string; locationName?: string }>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
}

export interface Operation {
  name: string;
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
}

export interface Model {
  metadata: Record<string, unknown>;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The length in code points, which is what the models' min and max count, without splitting the string. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Wire type errors (a string where a number belongs): JSON services answer SerializationException. */
export class WireTypeError extends AwsError {
  constructor(message: string) {
    super('SerializationException', message);
  }
}

interface Compiled {
  pattern?: RegExp;
}
const patterns = new WeakMap<Shape, Compiled>();

function patternOf(shape: Shape): RegExp | undefined {
  if (!shape.pattern) return undefined;
  let c = patterns.get(shape);
  if (!c) {
    // The models' patterns are Java regexes; the ones KMS, CloudTrail and S3 use are valid in JS with
    // the `u` flag, and are anchored by AWS's matcher (whole-value match).
    c = { pattern: new RegExp(`^(?:${shape.pattern})$`, 'u') };
    patterns.set(shape, c);
  }
  return c.pattern;
}

function show(value: unknown, shape: Shape): string {
  if (shape.sensitive) return '';
  if (typeof value === 'string') return ` '${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return ` '${value}'`;
  return ` '${JSON.stringify(value)}'`;
}

/**
 * Validates a decoded input against its shape and returns AWS's ValidationException, or null.
 * `input` comes from a protocol decoder, so blobs are Buffers and timestamps Dates or numbers.
 */
export function validateInput(
  model: Model,
  operation: string,
  input: Record<string, unknown>,
  /** `ValidationException` for JSON services, `ValidationError` for awsQuery (IAM, STS). */
  code = 'ValidationException',
  /** Check only that required members are present (the service answers the rest with its own errors). */
  requiredOnly = false,
): AwsError | null {
  const ref = model.operations[operation]?.input;
  if (!ref) return null;
  const errors: string[] = [];
  walk(model, model.shapes[ref.shape], input, '', requiredOnly ? { push: (e: string) => (e.endsWith('Member must not be null') ? errors.push(e) : 0) } : errors);
  if (errors.length === 0) return null;
  const head = errors.length === 1 ? '1 validation error detected: ' : `${errors.length} validation errors detected: `;
  return new AwsError(code, head + errors.join('; '));
}

function walk(model: Model, shape: Shape, value: unknown, path: string, errors: Pick<string[], 'push'>): void {
  const fail = (constraint: string, v: unknown = value) =>
    errors.push(`Value${show(v, shape)} at '${path}' failed to satisfy constraint: ${constraint}`);
  switch (shape.type) {
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new WireTypeError(`Expected a structure at '${path || '$'}'`);
      const record = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (record[name] === undefined || record[name] === null) {
          errors.push(`Value null at '${join(path, lowerFirst(name))}' failed to satisfy constraint: Member must not be null`);
        }
      }
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = record[name];
        if (v === undefined || v === null) continue;
        walk(model, model.shapes[member.shape], v, join(path, lowerFirst(name)), errors);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') throw new WireTypeError(`Expected a string at '${path}'`);
      const length = codePoints(value);
      if (shape.enum && !shape.enum.includes(value)) fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      if (shape.max !== undefined && length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
      if (shape.min !== undefined && length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
      const re = patternOf(shape);
      if (re && !re.test(value)) fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number' || Number.isNaN(value)) throw new WireTypeError(`Expected a number at '${path}'`);
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) throw new WireTypeError(`Expected an integer at '${path}'`);
      if (shape.max !== undefined && value > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
      if (shape.min !== undefined && value < shape.min) fail(`Member must have value greater than or equal to ${shape.min}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new WireTypeError(`Expected a boolean at '${path}'`);
      return;
    case 'blob': {
      if (!Buffer.isBuffer(value)) throw new WireTypeError(`Expected base64 data at '${path}'`);
      if (shape.max !== undefined && value.length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
      if (shape.min !== undefined && value.length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
      return;
    }
    case 'timestamp':
      return;
    case 'list': {
      if (!Array.isArray(value)) throw new WireTypeError(`Expected a list at '${path}'`);
      if (shape.max !== undefined && value.length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
      if (shape.min !== undefined && value.length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
      const item = model.shapes[shape.member!.shape];
      value.forEach((v, i) => walk(model, item, v, `${path}.${i + 1}.member`, errors));
      return;
    }
    case 'map': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new WireTypeError(`Expected a map at '${path}'`);
      const entries = Object.entries(value);
      if (shape.max !== undefined && entries.length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
      const k = model.shapes[shape.key!.shape];
      const v = model.shapes[shape.value!.shape];
      for (const [key, val] of entries) {
        walk(model, k, key, `${path}.key`, errors);
        walk(model, v, val, `${path}.value`, errors);
      }
      return;
    }
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
