// CloudFormation templates, JSON or YAML with the short-form tags (`!Ref`, `!Sub`, `!GetAtt`, …),
// read into plain values where every tag is its long form (`{"Fn::Sub": …}`, `{"Ref": …}`).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Tags } from 'yaml';
import { InputError, type InputFile } from '../model.js';

const FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString'];

// Registering the tags (identity) keeps the parser from warning about them; the walk below reads them.
const TAGS: Tags = ['Ref', 'Condition', ...FUNCTIONS].flatMap((name) => [
  { tag: `!${name}`, resolve: (v: unknown) => v },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (v: unknown) => v },
  { tag: `!${name}`, collection: 'map' as const, resolve: (v: unknown) => v },
]) as unknown as Tags;

function longForm(tag: string, value: unknown): unknown {
  const name = tag.slice(1);
  if (name === 'Ref') return { Ref: value };
  if (name === 'Condition') return { Condition: value };
  // `!GetAtt Res.Attr` is `Fn::GetAtt: [Res, Attr]` (split at the first dot).
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function toValue(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) throw new InputError('yaml aliases are not supported in CloudFormation templates');
  const n = node as Node;
  let value: unknown;
  if (isMap(n)) {
    const obj: Record<string, unknown> = {};
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      obj[key] = toValue(pair.value);
    }
    value = obj;
  } else if (isSeq(n)) value = n.items.map(toValue);
  else if (isScalar(n)) {
    // Plain numbers with leading zeros are account ids, not octal or decimal numbers.
    const src = (n as { source?: string }).source;
    value = typeof n.value === 'number' && typeof src === 'string' && /^0\d/.test(src) ? src : n.value;
  } else value = null;
  const tag = n.tag;
  return tag && tag.startsWith('!') && !tag.startsWith('!!') ? longForm(tag, value) : value;
}

export function parseTemplate(input: InputFile): Record<string, unknown> {
  const doc = parseDocument(input.text, { customTags: TAGS, uniqueKeys: false });
  if (doc.errors.length) {
    const err = doc.errors[0];
    const line = err.linePos?.[0];
    // The parser's message ends with "at line L, column C:" and a code frame: keep the sentence.
    const sentence = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`\`${input.file}\` is not valid YAML or JSON${line ? ` (line ${line.line}, column ${line.col})` : ''}: ${sentence}`);
  }
  const value = toValue(doc.contents);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as Record<string, unknown>).Resources !== 'object') {
    throw new InputError(`\`${input.file}\` is not a CloudFormation template: it has no \`Resources\``);
  }
  return value as Record<string, unknown>;
}
