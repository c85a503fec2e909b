import type { Element, Node } from '@xmldom/xmldom';

const ELEMENT_NODE = 1;

/** Child elements of `parent` with the given namespace and local name, in document order. */
export function childElements(parent: Node, ns: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (isElement(n, ns, localName)) found.push(n);
  }
  return found;
}

export function firstChild(parent: Node, ns: string, localName: string): Element | undefined {
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (isElement(n, ns, localName)) return n;
  }
  return undefined;
}

/** Follows a path of [namespace, localName] steps, taking the first match at each step. */
export function descend(from: Node | undefined, ...steps: [string, string][]): Element | undefined {
  let at: Node | undefined = from;
  for (const [ns, name] of steps) at = at && firstChild(at, ns, name);
  return at as Element | undefined;
}

/** First descendant element (depth-first) with the given namespace and local name. */
export function findDescendant(from: Node, ns: string, localName: string): Element | undefined {
  for (let n = from.firstChild; n; n = n.nextSibling) {
    if (isElement(n, ns, localName)) return n;
    const deeper = findDescendant(n, ns, localName);
    if (deeper) return deeper;
  }
  return undefined;
}

export function isElement(n: Node, ns: string, localName: string): n is Element {
  return n.nodeType === ELEMENT_NODE && n.namespaceURI === ns && n.localName === localName;
}

/** Text content, or undefined when the element is absent. */
export function textOf(el: Element | undefined): string | undefined {
  return el ? (el.textContent ?? '') : undefined;
}
