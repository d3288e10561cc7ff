// XML bodies of rest-xml, read and written from the model: element names from `locationName`,
// lists wrapped (`<Buckets><Bucket>…`) or flattened (`<Contents>…<Contents>…`), `xmlAttribute`
// members, timestamps as ISO 8601 with milliseconds as S3 writes them (`2009-10-12T17:50:30.000Z`).
// https://smithy.io/2.0/spec/protocol-traits.html#xml-bindings
import { AwsError } from '../core/aws-error.js';
import type { MemberRef, XmlModel, XmlShape } from './rest-xml-model.js';
import type { XmlNode } from './xml.js';

/** S3's MalformedXML (S3 error-code list). */
export const malformedXml = () =>
  new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);

/**
 * Escapes text for an element or attribute. Characters XML 1.0 cannot carry raw (control characters
 * in object keys) are written as character references, as S3 does in listings.
 */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
    }
  });
}

export function isoTimestamp(date: Date): string {
  return date.toISOString();
}

const memberName = (name: string, ref: MemberRef) => ref.locationName ?? name;
const isFlattened = (ref: MemberRef, shape: XmlShape) => ref.flattened === true || shape.flattened === true;

function scalarText(shape: XmlShape, value: unknown): string {
  switch (shape.type) {
    case 'timestamp':
      return isoTimestamp(value instanceof Date ? value : new Date(value as number));
    case 'blob':
      return Buffer.isBuffer(value) ? value.toString('base64') : String(value);
    default:
      return escapeXmlText(String(value));
  }
}

/** The content of an element of `shape` holding `value` (attributes separately, see writeElement). */
function writeContent(model: XmlModel, shape: XmlShape, value: unknown): string {
  if (shape.type === 'structure') {
    let out = '';
    const record = value as Record<string, unknown>;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const v = record[name];
      if (v === undefined || v === null || ref.xmlAttribute || ref.location) continue;
      out += writeMember(model, name, ref, v);
    }
    return out;
  }
  if (shape.type === 'map') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `<entry><key>${escapeXmlText(k)}</key><value>${writeContent(model, model.shapes[shape.value!.shape], v)}</value></entry>`)
      .join('');
  }
  return scalarText(shape, value);
}

function attributes(model: XmlModel, shape: XmlShape, value: unknown): string {
  let out = '';
  if (shape.xmlNamespace) out += ` xmlns${shape.xmlNamespace.prefix ? `:${shape.xmlNamespace.prefix}` : ''}="${shape.xmlNamespace.uri}"`;
  if (shape.type !== 'structure') return out;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = (value as Record<string, unknown>)[name];
    if (!ref.xmlAttribute || v === undefined || v === null) continue;
    out += ` ${memberName(name, ref)}="${scalarText(model.shapes[ref.shape], v)}"`;
  }
  return out;
}

export function writeElement(model: XmlModel, name: string, shape: XmlShape, value: unknown, xmlns?: string): string {
  const ns = xmlns ? ` xmlns="${xmlns}"` : '';
  return `<${name}${ns}${attributes(model, shape, value)}>${writeContent(model, shape, value)}</${name}>`;
}

function writeMember(model: XmlModel, name: string, ref: MemberRef, value: unknown): string {
  const shape = model.shapes[ref.shape];
  const element = memberName(name, ref);
  if (shape.type !== 'list') return writeElement(model, element, shape, value);
  const items = value as unknown[];
  const itemShape = model.shapes[shape.member!.shape];
  if (isFlattened(ref, shape)) return items.map((v) => writeElement(model, element, itemShape, v)).join('');
  const itemName = shape.member!.locationName ?? 'member';
  return `<${element}>${items.map((v) => writeElement(model, itemName, itemShape, v)).join('')}</${element}>`;
}

/** Reads an element into a value of `shape`; any mismatch is MalformedXML. */
export function readElement(model: XmlModel, shape: XmlShape, node: XmlNode): unknown {
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (ref.xmlAttribute || ref.location) continue;
        const element = memberName(name, ref);
        const memberShape = model.shapes[ref.shape];
        if (memberShape.type === 'list') {
          const itemShape = model.shapes[memberShape.member!.shape];
          if (isFlattened(ref, memberShape)) {
            const items = node.children.filter((c) => c.name === element);
            if (items.length > 0) out[name] = items.map((c) => readElement(model, itemShape, c));
          } else {
            const wrapper = node.children.find((c) => c.name === element);
            const itemName = memberShape.member!.locationName ?? 'member';
            if (wrapper) out[name] = wrapper.children.filter((c) => c.name === itemName).map((c) => readElement(model, itemShape, c));
          }
          continue;
        }
        const child = node.children.find((c) => c.name === element);
        if (child) out[name] = readElement(model, memberShape, child);
      }
      // Unknown elements are ignored: newer SDKs send members this model predates.
      return out;
    }
    case 'integer':
    case 'long': {
      const text = node.text.trim();
      if (!/^-?\d{1,15}$/.test(text)) throw malformedXml();
      return Number(text);
    }
    case 'boolean': {
      const text = node.text.trim();
      if (text !== 'true' && text !== 'false') throw malformedXml();
      return text === 'true';
    }
    case 'timestamp': {
      const t = Date.parse(node.text.trim());
      if (Number.isNaN(t)) throw malformedXml();
      return new Date(t);
    }
    case 'string':
      if (node.children.length > 0) throw malformedXml();
      return node.text;
    default:
      return node.text;
  }
}
