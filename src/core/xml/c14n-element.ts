import type { Attr, Element, Node } from '@xmldom/xmldom';
import { escapeC14nAttribute, escapeC14nText } from './c14n-escape';

const ELEMENT_NODE = 1;
const COMMENT_NODE = 8;

/** A namespace binding the output has declared, nearest first. */
interface Binding {
  prefix: string;
  uri: string | undefined;
  outer: Binding | undefined;
}

/**
 * Inclusive C14N 1.0 (without comments) of an element whose ancestors are not in the output,
 * byte for byte what xml-crypto's C14nCanonicalization writes for it (proved against it in
 * test/unit/core/xml/c14n-element.spec.ts), in a fifth of the time and the memory: xml-crypto
 * copies the list of declared prefixes for every child node and searches it with a filter.
 * The simulator and `zatca chain verify` hash every document they read this way.
 */
export function canonicalizeElement(root: Element): string {
  return render(root, '', undefined);
}

function render(element: Element, inheritedDefault: string, outer: Binding | undefined): string {
  const attributes = element.attributes;
  let out = '<' + element.tagName;

  // The default namespace: declared here, or the element's own when it has no prefix.
  let declaredDefault: string | null = null;
  for (let i = 0; i < attributes.length; i++) {
    const attr = attributes[i];
    if (attr.name === 'xmlns') declaredDefault = attr.value;
  }
  const elementDefault =
    declaredDefault ?? (element.prefix ? inheritedDefault : (element.namespaceURI ?? ''));
  if (elementDefault !== inheritedDefault) out += ' xmlns="' + elementDefault + '"';

  // Prefixed declarations: those this element uses or declares, unless already in scope.
  let declared: Binding[] | undefined;
  let scope = outer;
  // A prefix whose URI is unknown (undefined) is never in scope, as in xml-crypto.
  const declare = (prefix: string, uri: string | undefined) => {
    const binding = nearest(scope, prefix);
    if (binding && binding.uri === uri) return;
    scope = { prefix, uri, outer: scope };
    (declared ??= []).push(scope);
  };
  if (element.prefix) declare(element.prefix, element.namespaceURI ?? undefined);
  let plain: Attr[] | undefined;
  for (let i = 0; i < attributes.length; i++) {
    const attr = attributes[i];
    if (attr.prefix === 'xmlns') declare(String(attr.localName), attr.value);
    if (attr.prefix && attr.prefix !== 'xmlns' && attr.prefix !== 'xml')
      declare(attr.prefix, attr.namespaceURI ?? undefined);
    if (attr.name.indexOf('xmlns') !== 0) (plain ??= []).push(attr);
  }
  if (declared) {
    if (declared.length > 1) declared.sort((a, b) => a.prefix.localeCompare(b.prefix));
    for (const d of declared) out += ' xmlns:' + d.prefix + '="' + String(d.uri) + '"';
  }
  if (plain) {
    if (plain.length > 1) plain.sort(attributeOrder);
    for (const attr of plain) out += ' ' + attr.name + '="' + escapeC14nAttribute(attr.value) + '"';
  }
  out += '>';

  for (let child: Node | null = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === COMMENT_NODE) continue;
    const data = (child as Node & { data?: string }).data;
    if (data) out += escapeC14nText(data);
    else if (child.nodeType === ELEMENT_NODE)
      out += render(child as Element, elementDefault, scope);
    else throw new Error(`Unable to canonicalize node type: ${child.nodeType}`);
  }
  return out + '</' + element.tagName + '>';
}

/** The output's nearest binding of `prefix`, if any. */
function nearest(scope: Binding | undefined, prefix: string): Binding | undefined {
  for (let b = scope; b; b = b.outer) if (b.prefix === prefix) return b;
  return undefined;
}

/** Attributes without a namespace first, then by namespace URI and local name (as xml-crypto). */
function attributeOrder(a: Attr, b: Attr): number {
  if (!a.namespaceURI && b.namespaceURI) return -1;
  if (!b.namespaceURI && a.namespaceURI) return 1;
  const left = `${a.namespaceURI}${a.localName}`;
  const right = `${b.namespaceURI}${b.localName}`;
  return left === right ? 0 : left < right ? -1 : 1;
}
