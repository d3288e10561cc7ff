// awsJson1_1 (KMS `TrentService.*`, CloudTrail): a JSON object with the model's member names in,
// and out; blobs are base64 strings, timestamps epoch seconds (aws-behavior.md §1).
import { AwsError } from '../core/aws-error.js';
import type { Model, Shape } from '../core/model.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

function serialization(message: string): AwsError {
  return new AwsError('SerializationException', message);
}

/** Parses the request body and converts blobs and timestamps as the model says. */
export function decodeJson(body: Buffer, model: Model, operation: string): Record<string, unknown> {
  const text = body.toString('utf8');
  let value: unknown;
  // The SDKs always send at least `{}`; an empty body is taken as no members.
  if (text.trim() === '') value = {};
  else {
    try {
      value = JSON.parse(text);
    } catch {
      throw serialization('Start of structure or map found where not expected.');
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw serialization('Start of structure or map found where not expected.');
  const ref = model.operations[operation]?.input;
  return ref ? (convertIn(model, model.shapes[ref.shape], value, ref.shape) as Record<string, unknown>) : {};
}

function convertIn(model: Model, shape: Shape, value: unknown, name: string): unknown {
  if (value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) throw serialization(`Unexpected value for structure ${name}`);
      const out: Record<string, unknown> = {};
      for (const [member, v] of Object.entries(value as Record<string, unknown>)) {
        const ref = shape.members?.[member];
        // Unknown members are ignored, as the JSON services do; they never reach an operation.
        if (!ref) continue;
        const converted = convertIn(model, model.shapes[ref.shape], v, ref.shape);
        if (converted !== undefined) out[member] = converted;
      }
      return out;
    }
    case 'blob':
      if (typeof value !== 'string') throw serialization(`Expected base64-encoded data for ${name}`);
      if (!/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(value)) throw serialization(`Invalid base64 for ${name}`);
      return Buffer.from(value, 'base64');
    case 'timestamp':
      if (typeof value === 'number') return new Date(value * 1000);
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
      throw serialization(`Expected a timestamp for ${name}`);
    case 'list':
      if (!Array.isArray(value)) throw serialization(`Expected a list for ${name}`);
      return value.map((v) => convertIn(model, model.shapes[shape.member!.shape], v, shape.member!.shape));
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw serialization(`Expected a map for ${name}`);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        setOwn(out, k, convertIn(model, model.shapes[shape.value!.shape], v, shape.value!.shape));
      }
      return out;
    }
    default:
      return value;
  }
}

/** Serialises an operation's output: Buffers become base64, Dates epoch seconds. */
export function encodeJson(output: unknown): string {
  return JSON.stringify(toWire(output ?? {}));
}

/**
 * A copy JSON.stringify can take as it is. Converting first is cheaper than a replacer, which is
 * called for every value and sees a Buffer only after its toJSON has turned it into an array of
 * numbers.
 */
function toWire(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return v.getTime() / 1000;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (Array.isArray(v)) return v.map(toWire);
  const out: Record<string, unknown> = {};
  for (const k in v) setOwn(out, k, toWire((v as Record<string, unknown>)[k]));
  return out;
}

/** Assignment that keeps a key named `__proto__` (a map key such as an encryption context's) as data. */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export function jsonResponse(output: unknown, requestId: string): WireResponse {
  return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId }, body: encodeJson(output) };
}

/**
 * `{"__type": "<Code>", "message": "<text>"}`. Decision (§0.1 item 10): the short code, which every
 * SDK reads (they split on `#`).
 */
export function jsonError(error: AwsError, requestId: string): WireResponse {
  return {
    status: error.status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}
