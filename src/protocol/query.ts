// awsQuery (IAM, STS): form-encoded `Action=…&Version=…&Member.Sub=…` in, XML out.
// Lists are `Name.member.N` (1-based), maps `Name.entry.N.key`/`.value`, nested structures
// `Name.Member`; responses wrap the result in `<OpResponse><OpResult>` with ResponseMetadata.
import { AwsError } from '../core/aws-error.js';
import type { Model, Shape } from '../core/model.js';
import type { WireResponse } from './json.js';
import { element, escapeXml } from './xml.js';

export const QUERY_CONTENT_TYPE = 'application/x-www-form-urlencoded';

function malformed(name: string, value: string, type: string): AwsError {
  return new AwsError('MalformedInput', `Invalid value '${value}' for ${name}: expected ${type}`);
}

export function decodeQuery(params: URLSearchParams, model: Model, operation: string): Record<string, unknown> {
  const ref = model.operations[operation]?.input;
  if (!ref) return {};
  return (readShape(model, model.shapes[ref.shape], params, '') ?? {}) as Record<string, unknown>;
}

function readShape(model: Model, shape: Shape, params: URLSearchParams, name: string): unknown {
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        const key = name ? `${name}.${ref.locationName ?? member}` : ref.locationName ?? member;
        const v = readShape(model, model.shapes[ref.shape], params, key);
        if (v !== undefined) out[member] = v;
      }
      return name && Object.keys(out).length === 0 ? undefined : out;
    }
    case 'list': {
      // `Name=` with an empty value is how the query protocol sends an empty list.
      if (params.get(name) === '') return [];
      const items: unknown[] = [];
      for (let i = 1; ; i++) {
        const v = readShape(model, model.shapes[shape.member!.shape], params, `${name}.member.${i}`);
        if (v === undefined) break;
        items.push(v);
      }
      return items.length ? items : undefined;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      let any = false;
      for (let i = 1; ; i++) {
        const k = params.get(`${name}.entry.${i}.key`);
        if (k === null) break;
        out[k] = readShape(model, model.shapes[shape.value!.shape], params, `${name}.entry.${i}.value`);
        any = true;
      }
      return any ? out : undefined;
    }
    default: {
      const raw = params.get(name);
      if (raw === null) return undefined;
      switch (shape.type) {
        case 'integer':
        case 'long': {
          if (!/^-?\d+$/.test(raw)) throw malformed(name, raw, 'an integer');
          return Number(raw);
        }
        case 'boolean':
          if (raw !== 'true' && raw !== 'false') throw malformed(name, raw, 'true or false');
          return raw === 'true';
        case 'timestamp': {
          const t = Date.parse(raw);
          if (Number.isNaN(t)) throw malformed(name, raw, 'a timestamp');
          return new Date(t);
        }
        case 'blob':
          return Buffer.from(raw, 'base64');
        default:
          return raw;
      }
    }
  }
}

function writeValue(model: Model, shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'structure': {
      let out = '';
      const record = value as Record<string, unknown>;
      for (const [member, ref] of Object.entries(shape.members ?? {})) {
        const v = record[member];
        if (v === undefined || v === null) continue;
        out += element(ref.locationName ?? member, writeValue(model, model.shapes[ref.shape], v));
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => element('member', writeValue(model, model.shapes[shape.member!.shape], v))).join('');
    case 'map':
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => element('entry', element('key', escapeXml(k)) + element('value', writeValue(model, model.shapes[shape.value!.shape], v))))
        .join('');
    case 'timestamp':
      return (value instanceof Date ? value : new Date(value as number)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    case 'blob':
      return (value as Buffer).toString('base64');
    default:
      return escapeXml(String(value));
  }
}

export function queryResponse(model: Model, operation: string, output: unknown, requestId: string): WireResponse {
  const op = model.operations[operation];
  const ns = model.metadata.xmlNamespace as string;
  const outRef = op.output as { shape: string; resultWrapper?: string } | undefined;
  const result = outRef ? element(outRef.resultWrapper ?? `${operation}Result`, writeValue(model, model.shapes[outRef.shape], output ?? {})) : '';
  const body = element(`${operation}Response`, result + element('ResponseMetadata', element('RequestId', requestId)), ns);
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

export function queryError(error: AwsError, requestId: string, xmlns: string): WireResponse {
  const body = element(
    'ErrorResponse',
    element('Error', element('Type', error.fault) + element('Code', escapeXml(error.code)) + element('Message', escapeXml(error.message))) +
      element('RequestId', requestId),
    xmlns,
  );
  return { status: error.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}
