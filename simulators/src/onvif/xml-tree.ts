import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A namespace-aware element tree: the small DOM the SOAP and WS-Discovery
 * parsers query. Names are resolved to (namespace URI, local name), so
 * `<s:Body>`, `<env:Body>` and `<Body xmlns="...">` all read the same.
 */
export interface XmlElement {
  /** Namespace URI; '' when the element has none. */
  readonly ns: string;
  readonly local: string;
  /** Attributes by local name (namespace declarations left out). */
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** Direct text content, concatenated and trimmed. */
  readonly text: string;
  /** Namespace URI bound to `prefix` ('' = default namespace) where this element sits, for QName values. */
  resolvePrefix(prefix: string): string | undefined;
}

export class XmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlParseError';
  }
}

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const MAX_DEPTH = 64; // SOAP messages are shallow; this stops a crafted deep nest before it costs anything

// One parser for the process: options are fixed and parse() keeps no state between calls.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

/**
 * Parses one XML document into an element tree. Throws XmlParseError when
 * the text is not well-formed, has no single root element, or carries a DTD
 * (SOAP forbids them, and refusing them outright rules out entity tricks).
 */
export function parseXml(text: string): XmlElement {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlParseError('DTDs are not allowed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlParseError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  let nodes: RawNode[];
  try {
    nodes = parser.parse(text) as RawNode[];
  } catch (err) {
    throw new XmlParseError(`not well-formed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const roots = nodes.filter((n) => elementName(n) !== undefined);
  if (roots.length !== 1) throw new XmlParseError(`expected one root element, found ${roots.length}`);
  return build(roots[0]!, new Map([['xml', XML_NS]]), 0);
}

function elementName(node: RawNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment' && k !== '#cdata');
}

function build(node: RawNode, parentScope: ReadonlyMap<string, string>, depth: number): XmlElement {
  if (depth > MAX_DEPTH) throw new XmlParseError(`elements nested deeper than ${MAX_DEPTH}`);
  const name = elementName(node)!;
  const rawAttrs = node[':@'] ?? {};
  let scope = parentScope;
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(key === 'xmlns' ? '' : key.slice(6), value);
    }
  }
  const attrs = new Map<string, string>();
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    attrs.set(localName(key), String(value));
  }
  const { prefix, local } = splitQName(name);
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== '') throw new XmlParseError(`undeclared namespace prefix ${JSON.stringify(prefix)}`);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] as RawNode[] | undefined) ?? []) {
    if (typeof child['#text'] === 'string' || typeof child['#text'] === 'number') text += String(child['#text']);
    else if (Array.isArray(child['#cdata'])) text += (child['#cdata'] as RawNode[]).map((c) => String(c['#text'] ?? '')).join('');
    else if (elementName(child) !== undefined) children.push(build(child, scope, depth + 1));
  }
  const finalScope = scope;
  return {
    ns: ns ?? '',
    local,
    attrs,
    children,
    text: text.trim(),
    resolvePrefix: (p) => finalScope.get(p),
  };
}

function splitQName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon === -1 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

function localName(name: string): string {
  return splitQName(name).local;
}

/** First child with this local name (and namespace, when given). */
export function childOf(el: XmlElement | undefined, local: string, ns?: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local && (ns === undefined || c.ns === ns));
}

/** All children with this local name. */
export function childrenOf(el: XmlElement | undefined, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local) : [];
}

/** Walks down by local names; undefined when any step is missing. */
export function pathOf(el: XmlElement | undefined, ...locals: string[]): XmlElement | undefined {
  let at = el;
  for (const local of locals) at = childOf(at, local);
  return at;
}

/** First descendant (depth-first, self excluded) with this local name. */
export function findDescendant(el: XmlElement | undefined, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const child of el.children) {
    if (child.local === local) return child;
    const deeper = findDescendant(child, local);
    if (deeper) return deeper;
  }
  return undefined;
}

/** A QName text value (`dn:NetworkVideoTransmitter`) resolved against the element's namespace scope. */
export function resolveQName(el: XmlElement, value: string): { ns: string; local: string } {
  const { prefix, local } = splitQName(value);
  return { ns: el.resolvePrefix(prefix) ?? '', local };
}

/** Escapes text for element content and attribute values. */
export function escapeXml(value: string | number | boolean): string {
  return String(value).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
