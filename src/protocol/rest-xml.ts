// rest-xml (S3): members travel in the URI, the query string, headers, a header-prefix map
// (`x-amz-meta-*`) or the body (one `payload` member: raw bytes, a string, or an XML document);
// the rest of an output is an XML document. Errors are `<Error><Code/><Message/>…<RequestId/>
// <HostId/></Error>` with S3's status codes, and no body at all for HEAD.
// https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
import { AwsError } from '../core/aws-error.js';
import type { Model } from '../core/model.js';
import { asXmlModel, type MemberRef, type XmlModel, type XmlShape } from './rest-xml-model.js';
import { malformedXml, readElement, writeElement, escapeXmlText } from './rest-xml-shapes.js';
import { S3_RESPONSE_ROOTS, S3_TEXT_ROOTS, S3_XMLNS } from './s3-roots.js';
import { parseXml, XML_DECLARATION } from './xml.js';

export { findOperation, hostBucket, s3Address, type S3Address } from './rest-xml-route.js';
export { malformedXml } from './rest-xml-shapes.js';
export { S3_XMLNS } from './s3-roots.js';

export type Body = string | Buffer | AsyncIterable<Buffer>;

export interface RestXmlResponse {
  status: number;
  headers: Record<string, string>;
  body: Body;
}

export interface RestXmlRequest {
  /** `Bucket` and `Key` from the address. */
  uri: Readonly<Record<string, string | undefined>>;
  query: URLSearchParams;
  /** Lower-case names; trailers of an aws-chunked body merged in. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

/**
 * S3's InvalidArgument for a query or header value of the wrong type. The max-keys text is AWS's
 * (`Provided max-keys not an integer or within integer range`); the others follow it [INF].
 */
function invalidArgument(name: string, value: string): AwsError {
  return new AwsError('InvalidArgument', `Provided ${name} not an integer or within integer range`, 400, { ArgumentName: name, ArgumentValue: value });
}

function scalarFrom(shape: XmlShape, raw: string, name: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      const text = raw.trim();
      if (!/^-?\d{1,15}$/.test(text)) throw invalidArgument(name, raw);
      return Number(text);
    }
    case 'boolean':
      // Decision: anything but `true` is false, as S3 reads x-amz-bucket-object-lock-enabled and the
      // bucket-key header [INF].
      return raw.trim().toLowerCase() === 'true';
    case 'timestamp': {
      // Conditional headers with an unparseable date are ignored, as HTTP says (RFC 9110 §13.1.3).
      const t = Date.parse(raw);
      return Number.isNaN(t) ? undefined : new Date(t);
    }
    default:
      return raw;
  }
}

/** One input member, with where it travels worked out once per operation. */
interface InputMember {
  name: string;
  member: MemberRef;
  shape: XmlShape;
  /** Its name on the wire (`locationName`), and that name lower-cased for header lookups. */
  where: string;
  header: string;
}

/** Per model and operation, what `build` works out once (rest-xml reads the model on every request). */
function cachedPlan<T>(cache: WeakMap<XmlModel, Map<string, T>>, model: XmlModel, operation: string, build: () => T): T {
  let byOperation = cache.get(model);
  if (!byOperation) cache.set(model, (byOperation = new Map()));
  let plan = byOperation.get(operation);
  if (plan === undefined) byOperation.set(operation, (plan = build()));
  return plan;
}

const inputPlans = new WeakMap<XmlModel, Map<string, InputMember[]>>();

function inputPlan(model: XmlModel, operation: string): InputMember[] {
  return cachedPlan(inputPlans, model, operation, () => {
    const ref = model.operations[operation]?.input;
    const members = ref ? (model.shapes[ref.shape].members ?? {}) : {};
    return Object.entries(members).map(([name, member]) => {
      const where = member.locationName ?? name;
      return { name, member, shape: model.shapes[member.shape], where, header: where.toLowerCase() };
    });
  });
}

/** The input of `operation` from the request. */
export function decodeRestXml(modelIn: Model, operation: string, request: RestXmlRequest): Record<string, unknown> {
  const model = asXmlModel(modelIn);
  const ref = model.operations[operation]?.input;
  if (!ref) return {};
  const payload = model.shapes[ref.shape].payload;
  const input: Record<string, unknown> = {};
  for (const { name, member, shape: memberShape, where, header } of inputPlan(model, operation)) {
    let value: unknown;
    switch (member.location) {
      case 'uri':
        value = request.uri[where];
        break;
      case 'querystring': {
        const raw = request.query.get(where);
        if (raw !== null) value = scalarFrom(memberShape, raw, where);
        break;
      }
      case 'header': {
        const raw = request.headers[header];
        if (raw !== undefined) value = scalarFrom(memberShape, raw, where);
        break;
      }
      case 'headers': {
        const map: Record<string, string> = {};
        let any = false;
        for (const [h, v] of Object.entries(request.headers)) {
          if (v === undefined || !h.startsWith(header) || h.length === header.length) continue;
          map[h.slice(header.length)] = v;
          any = true;
        }
        if (any) value = map;
        break;
      }
      default:
        if (payload === name) value = payloadFrom(model, name, member, memberShape, request.body);
    }
    if (value !== undefined) input[name] = value;
  }
  return input;
}

function payloadFrom(model: XmlModel, name: string, member: MemberRef, shape: XmlShape, body: Buffer): unknown {
  if (shape.type === 'blob') return body;
  if (shape.type === 'string') return body.length === 0 ? undefined : body.toString('utf8');
  if (body.length === 0) return undefined;
  let root;
  try {
    root = parseXml(body.toString('utf8'));
  } catch {
    // XmlError, and a RangeError from a document nested deeper than the stack: both malformed.
    throw malformedXml();
  }
  if (root.name !== (member.locationName ?? name)) throw malformedXml();
  return readElement(model, shape, root);
}

function headerText(shape: XmlShape, ref: MemberRef, value: unknown): string {
  if (shape.type === 'timestamp') {
    const date = value instanceof Date ? value : new Date(value as number);
    // Headers carry HTTP dates unless the member says otherwise (`Last-Modified: Wed, 12 Oct 2009 17:50:00 GMT`).
    const format = ref.timestampFormat ?? shape.timestampFormat ?? 'rfc822';
    return format === 'iso8601' ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : date.toUTCString();
  }
  return String(value);
}

/** A header value Node can send: characters beyond Latin-1 are percent-encoded (UTF-8) [INF]. */
function safeHeader(value: string): string {
  return /[^\t\x20-\x7e\x80-\xff]/.test(value) ? encodeURIComponent(value) : value;
}

export function s3Headers(requestId: string): Record<string, string> {
  // x-amz-id-2 is S3's extended request id (HostId in error bodies): opaque base64.
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId) };
}

const hostId = (requestId: string) => Buffer.from(`trailkey/${requestId}`).toString('base64');

/** What an operation's output puts where: worked out once per operation, not on every answer. */
interface OutputPlan {
  /** Members sent as one header each: [member, header name (lower case), its shape, its reference]. */
  headers: [string, string, XmlShape, MemberRef][];
  /** Members sent as a header-prefix map (`x-amz-meta-*`): [member, prefix]. */
  prefixed: [string, string][];
  /** The payload member and its shape, if the output has one. */
  payload?: { name: string; member: MemberRef; shape: XmlShape };
  /** Whether any member travels in an XML body (no payload member). */
  hasBodyMembers: boolean;
}

const outputPlans = new WeakMap<XmlModel, Map<string, OutputPlan | null>>();

function outputPlan(model: XmlModel, operation: string): OutputPlan | null {
  return cachedPlan(outputPlans, model, operation, () => {
    const ref = model.operations[operation].output;
    if (!ref) return null;
    const shape = model.shapes[ref.shape];
    const plan: OutputPlan = { headers: [], prefixed: [], hasBodyMembers: false };
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      if (member.location === undefined && shape.payload !== name) plan.hasBodyMembers = true;
      if (member.location === 'header') plan.headers.push([name, (member.locationName ?? name).toLowerCase(), model.shapes[member.shape], member]);
      else if (member.location === 'headers') plan.prefixed.push([name, member.locationName ?? '']);
    }
    if (shape.payload) {
      const member = shape.members![shape.payload];
      plan.payload = { name: shape.payload, member, shape: model.shapes[member.shape] };
    }
    return plan;
  });
}

/** The HTTP response for `output` of `operation`. */
export function encodeRestXml(modelIn: Model, operation: string, output: Record<string, unknown> | undefined, requestId: string): RestXmlResponse {
  const model = asXmlModel(modelIn);
  const op = model.operations[operation];
  const headers = s3Headers(requestId);
  const out = output ?? {};
  const plan = outputPlan(model, operation);
  let body: Body = '';
  if (plan) {
    for (const [name, header, shape, member] of plan.headers) {
      const v = out[name];
      if (v !== undefined && v !== null) headers[header] = safeHeader(headerText(shape, member, v));
    }
    for (const [name, prefix] of plan.prefixed) {
      const v = out[name];
      if (v === undefined || v === null) continue;
      for (const [k, mv] of Object.entries(v as Record<string, string>)) headers[`${prefix}${k}`.toLowerCase()] = safeHeader(mv);
    }
    const payload = plan.payload;
    if (payload) {
      const v = out[payload.name];
      if (v !== undefined && v !== null) {
        if (payload.shape.type === 'structure') {
          body = XML_DECLARATION + writeElement(model, payload.member.locationName ?? payload.name, payload.shape, v, S3_XMLNS);
          headers['content-type'] = 'application/xml';
        } else body = v as Body;
      }
    } else if (S3_TEXT_ROOTS[operation]) {
      const root = S3_TEXT_ROOTS[operation];
      const text = out[root];
      body = `${XML_DECLARATION}<${root} xmlns="${S3_XMLNS}">${text === undefined || text === null ? '' : escapeXmlText(String(text))}</${root}>`;
      headers['content-type'] = 'application/xml';
    } else if (plan.hasBodyMembers) {
      const ref = op.output!;
      body = XML_DECLARATION + writeElement(model, S3_RESPONSE_ROOTS[operation] ?? ref.shape, model.shapes[ref.shape], out, S3_XMLNS);
      headers['content-type'] = 'application/xml';
    }
  }
  // `$status` and `$headers`: what an operation answers beyond its model (206 for a range; headers
  // such as x-amz-bucket-region that newer models name and this one predates).
  Object.assign(headers, out.$headers as Record<string, string> | undefined);
  return { status: (out.$status as number | undefined) ?? op.http.responseCode ?? 200, headers, body };
}

/** `<Error>` as S3 writes it: Code, Message, the error's own elements, then RequestId and HostId. */
export function restXmlError(error: AwsError, requestId: string, method: string, extraHeaders: Record<string, string> = {}): RestXmlResponse {
  const headers = { ...s3Headers(requestId), ...extraHeaders };
  // HEAD responses have no body, so S3 sends only the status (SDKs name these errors NotFound,
  // Forbidden, …); nor does 304 Not Modified.
  if (method === 'HEAD' || error.status === 304) return { status: error.status, headers, body: '' };
  let fields = '';
  for (const [k, v] of Object.entries(error.fields)) fields += `<${k}>${escapeXmlText(v)}</${k}>`;
  const body =
    `${XML_DECLARATION}<Error><Code>${escapeXmlText(error.code)}</Code><Message>${escapeXmlText(error.message)}</Message>` +
    `${fields}<RequestId>${requestId}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`;
  return { status: error.status, headers: { ...headers, 'content-type': 'application/xml' }, body };
}
