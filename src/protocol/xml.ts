// A small XML writer and reader for awsQuery responses and S3's rest-xml. Only what AWS's
// documents use: elements, text, one xmlns attribute; no DTDs (so no entity expansion attacks).

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function element(name: string, content: string, xmlns?: string): string {
  return `<${name}${xmlns ? ` xmlns="${xmlns}"` : ''}>${content}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

export class XmlError extends Error {}

/**
 * Parses a document into elements and text. Rejects DOCTYPE and processing instructions other than
 * the declaration, unbalanced tags and stray text outside the root: the caller maps XmlError to the
 * service's MalformedXML error.
 */
export function parseXml(source: string): XmlNode {
  let i = 0;
  const s = source.replace(/^\uFEFF/, '');
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const fail = (why: string): never => {
    throw new XmlError(why);
  };
  skipSpace();
  if (s.startsWith('<?xml', i)) {
    const end = s.indexOf('?>', i);
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  const skipComments = () => {
    for (;;) {
      skipSpace();
      if (!s.startsWith('<!--', i)) return;
      const end = s.indexOf('-->', i);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
    }
  };
  skipComments();
  if (s.startsWith('<!', i) || s.startsWith('<?', i)) fail('DOCTYPE and processing instructions are not allowed');
  const root = parseElement();
  skipComments();
  if (i !== s.length) fail('content after the root element');
  return root;

  function parseElement(): XmlNode {
    if (s[i] !== '<') fail('expected an element');
    const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(s.slice(i, i + 4096));
    if (!m) fail('malformed start tag');
    i += m![0].length;
    const node: XmlNode = { name: localName(m![1]), children: [], text: '' };
    if (m![3] === '/') return node;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) fail(`unclosed element ${m![1]}`);
      node.text += decodeEntities(s.slice(i, lt));
      i = lt;
      if (s.startsWith('</', i)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(s.slice(i, i + 512));
        if (!close || close[1] !== m![1]) fail(`mismatched end tag for ${m![1]}`);
        i += close![0].length;
        return node;
      }
      if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (s.startsWith('<![CDATA[', i)) {
        const end = s.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        node.text += s.slice(i + 9, end);
        i = end + 3;
      } else if (s.startsWith('<!', i) || s.startsWith('<?', i)) {
        fail('DOCTYPE and processing instructions are not allowed');
      } else {
        node.children.push(parseElement());
      }
    }
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e]!;
  });
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}
