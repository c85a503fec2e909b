// xmldom 0.9's DOM builder spends about a third of a parse re-checking what its SAX parser has
// already checked: every node goes through appendChild's pre-insertion validity checks, and every
// element and attribute name through createElementNS's QName expression. This builder links the
// nodes the parser creates under an element directly, writing exactly the fields appendChild
// writes, and validates each distinct (namespace, qualified name) once. Appends to the document
// itself keep the full checks, which is where malformed XML (two roots, text outside the root) is
// caught. It is used only with the xmldom version whose internals it copies.

const EXPECTED_VERSION = '0.9.12';
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

// Just the xmldom internals this file touches.
interface XList {
  length: number;
  [index: number]: XNode;
}
interface XNode {
  nodeType: number;
  parentNode: XNode | null;
  firstChild: XNode | null;
  lastChild: XNode | null;
  previousSibling: XNode | null;
  nextSibling: XNode | null;
  childNodes: XList;
  ownerDocument: XDocument;
  appendChild(node: XNode): XNode;
}
interface XDocument extends XNode {
  _inc: number;
  createElementNS(namespaceURI: string | null, qualifiedName: string): XElement;
  createAttributeNS(namespaceURI: string | null, qualifiedName: string): XAttr;
  createTextNode(data: string): XNode;
  createCDATASection(data: string): XNode;
  createComment(data: string): XNode;
  createProcessingInstruction(target: string, data: string): XNode;
  normalize(): void;
}
interface XAttributes {
  _ownerElement: XElement;
}
interface XElement extends XNode {
  _nsMap: Record<string, string>;
  attributes: XAttributes;
  nodeName: string;
  tagName: string;
  namespaceURI: string | null;
  prefix: string | null;
  localName: string;
  setAttributeNode(attr: XAttr): void;
}
interface XAttr {
  namespaceURI: string | null;
  prefix: string | null;
  ownerElement: XElement | null;
  ownerDocument: XDocument;
  childNodes: XList;
  nodeName: string;
  name: string;
  specified: boolean;
  localName: string;
  value: string;
  nodeValue: string;
}
interface SaxAttributes {
  length: number;
  getURI(i: number): string | null;
  getValue(i: number): string;
  getQName(i: number): string;
  getLocator(i: number): unknown;
}
interface Locator {
  lineNumber?: number;
  columnNumber?: number;
}
interface HandlerBase {
  doc: XDocument;
  currentElement: XNode | undefined;
  cdata: boolean;
  locator: Locator | undefined;
}
type HandlerClass = new (options: unknown) => HandlerBase;
interface DomModule {
  Element: { prototype: object };
  Attr: { prototype: object };
  Node: { prototype: Record<string, unknown> };
  Document: { prototype: Record<string, unknown> };
  NodeList: new () => XList;
  NamedNodeMap: new () => XAttributes;
}

/** A (namespace, qualified name) that createElementNS or createAttributeNS accepted. */
interface Name {
  namespaceURI: string | null;
  prefix: string | null;
  localName: string;
  /** The same qualified name accepted in another namespace. */
  other: Name | undefined;
}
interface Names {
  byQualifiedName: Map<string, Name>;
  count: number;
}
// Names come from documents, so the caches are bounded: invoices use a few dozen.
const MAX_NAMES = 4096;

let installed: HandlerClass | null | undefined;

/**
 * The DOM builder class to pass as DOMParser's `domHandler`, or undefined when the installed
 * xmldom is not the version whose internals it reproduces (then parse with xmldom's own).
 */
export function fastDomHandler(): HandlerClass | undefined {
  if (installed === undefined) installed = build() ?? null;
  return installed ?? undefined;
}

function build(): HandlerClass | undefined {
  let dom: DomModule;
  let DOMHandler: HandlerClass | undefined;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { version } = require('@xmldom/xmldom/package.json') as { version?: string };
    if (version !== EXPECTED_VERSION) return undefined;
    dom = require('@xmldom/xmldom/lib/dom') as DomModule;
    DOMHandler = (require('@xmldom/xmldom/lib/dom-parser') as { __DOMHandler?: HandlerClass })
      .__DOMHandler;
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch {
    return undefined;
  }
  const base = DOMHandler?.prototype as Record<string, unknown> | undefined;
  const node = dom.Node?.prototype;
  const element = dom.Element?.prototype as Record<string, unknown> | undefined;
  if (
    typeof DOMHandler !== 'function' ||
    !base ||
    !node ||
    !element ||
    typeof dom.NodeList !== 'function' ||
    typeof dom.NamedNodeMap !== 'function' ||
    !dom.Attr?.prototype ||
    // Elements must append through Node's appendChild, whose work linkLast reproduces.
    element.appendChild !== node.appendChild ||
    element.insertBefore !== node.insertBefore ||
    ['startElement', 'characters', 'comment', 'processingInstruction', 'endDocument'].some(
      (name) => typeof base[name] !== 'function',
    )
  ) {
    return undefined;
  }
  return fastHandlerClass(DOMHandler, dom);
}

function fastHandlerClass(DOMHandler: HandlerClass, dom: DomModule): HandlerClass {
  const { NodeList, NamedNodeMap } = dom;
  const elementNames: Names = { byQualifiedName: new Map(), count: 0 };
  const attributeNames: Names = { byQualifiedName: new Map(), count: 0 };
  // Constructors with xmldom's prototypes, doing what `new Element()` and `new Attr()` do
  // (theirs demand a symbol private to xmldom).
  const ParsedElement = function (this: XElement) {
    this._nsMap = Object.create(null) as Record<string, string>;
  } as unknown as { new (): XElement; prototype: object };
  ParsedElement.prototype = dom.Element.prototype;
  const ParsedAttr = function (this: XAttr) {
    this.namespaceURI = null;
    this.prefix = null;
    this.ownerElement = null;
  } as unknown as { new (): XAttr; prototype: object };
  ParsedAttr.prototype = dom.Attr.prototype;

  /** What Node.appendChild does for a new node (no parent, not a fragment) under an element. */
  function linkLast(parent: XNode, child: XNode): void {
    const previous = parent.lastChild;
    child.previousSibling = previous;
    child.nextSibling = null;
    if (previous) previous.nextSibling = child;
    else parent.firstChild = child;
    parent.lastChild = child;
    child.parentNode = parent;
    // _onUpdateChild for an append.
    const doc = parent.ownerDocument;
    if (doc && doc._inc) {
      doc._inc++;
      const list = parent.childNodes;
      list[list.length++] = child;
    }
  }

  /** xmldom's appendElement, with the direct link under an element. */
  function append(handler: HandlerBase, child: XNode): void {
    const parent = handler.currentElement;
    if (parent && parent.nodeType === ELEMENT_NODE) linkLast(parent, child);
    else if (!parent) handler.doc.appendChild(child);
    else parent.appendChild(child);
  }

  function accepted(names: Names, namespaceURI: string | null, qualifiedName: string) {
    const ns = namespaceURI || null;
    let name = names.byQualifiedName.get(qualifiedName);
    while (name && name.namespaceURI !== ns) name = name.other;
    return name;
  }

  function accept(names: Names, qualifiedName: string, created: Omit<Name, 'other'>): Name {
    if (names.count >= MAX_NAMES) {
      names.byQualifiedName.clear();
      names.count = 0;
    }
    const { namespaceURI, prefix, localName } = created;
    const other = names.byQualifiedName.get(qualifiedName);
    const name = { namespaceURI, prefix, localName, other };
    names.byQualifiedName.set(qualifiedName, name);
    names.count++;
    return name;
  }

  /**
   * doc.createElementNS, validating each distinct name once: its checks and what it extracts
   * depend only on the namespace and the qualified name.
   */
  function createElement(doc: XDocument, namespaceURI: string | null, qualifiedName: string) {
    const name =
      accepted(elementNames, namespaceURI, qualifiedName) ??
      accept(elementNames, qualifiedName, doc.createElementNS(namespaceURI, qualifiedName));
    // The fields, in order, that createElementNS writes.
    const el = new ParsedElement();
    const attributes = (el.attributes = new NamedNodeMap());
    el.childNodes = new NodeList();
    el.ownerDocument = doc;
    el.nodeName = qualifiedName;
    el.tagName = qualifiedName;
    el.namespaceURI = name.namespaceURI;
    el.prefix = name.prefix;
    el.localName = name.localName;
    attributes._ownerElement = el;
    return el;
  }

  /** doc.createAttributeNS, validating each distinct name once. */
  function createAttribute(doc: XDocument, namespaceURI: string | null, qualifiedName: string) {
    const name =
      accepted(attributeNames, namespaceURI, qualifiedName) ??
      accept(attributeNames, qualifiedName, doc.createAttributeNS(namespaceURI, qualifiedName));
    // The fields, in order, that createAttributeNS writes.
    const attr = new ParsedAttr();
    attr.ownerDocument = doc;
    attr.childNodes = new NodeList();
    attr.nodeName = qualifiedName;
    attr.name = qualifiedName;
    attr.specified = true;
    attr.namespaceURI = name.namespaceURI;
    attr.prefix = name.prefix;
    attr.localName = name.localName;
    return attr;
  }

  function position(locator: Locator, target: Locator): void {
    target.lineNumber = locator.lineNumber;
    target.columnNumber = locator.columnNumber;
  }

  /** True when some text node is followed by another: the only case normalize() changes. */
  function hasAdjacentText(root: XNode): boolean {
    let n: XNode | null = root.firstChild;
    while (n && n !== root) {
      if (n.nodeType === TEXT_NODE && n.nextSibling?.nodeType === TEXT_NODE) return true;
      if (n.firstChild) {
        n = n.firstChild;
        continue;
      }
      while (n && n !== root && !n.nextSibling) n = n.parentNode;
      if (n && n !== root) n = n.nextSibling;
    }
    return false;
  }

  // Each method is xmldom 0.9.12's DOMHandler method with the appends and name checks above.
  class FastDomHandler extends DOMHandler {
    startElement(
      namespaceURI: string | null,
      localName: string,
      qName: string,
      attrs: SaxAttributes,
    ): void {
      const doc = this.doc;
      const el = createElement(doc, namespaceURI, qName || localName);
      const len = attrs.length;
      append(this, el);
      this.currentElement = el;
      if (this.locator) position(this.locator, el as unknown as Locator);
      for (let i = 0; i < len; i++) {
        const uri = attrs.getURI(i);
        const value = attrs.getValue(i);
        const attr = createAttribute(doc, uri, attrs.getQName(i));
        if (this.locator) position(attrs.getLocator(i) as Locator, attr as unknown as Locator);
        attr.value = attr.nodeValue = value;
        el.setAttributeNode(attr);
      }
    }

    characters(chars: string, start: number, length: number): void {
      chars = chars.substr(start, length);
      if (!chars) return;
      const node = this.cdata ? this.doc.createCDATASection(chars) : this.doc.createTextNode(chars);
      const parent = this.currentElement;
      if (parent) {
        if (parent.nodeType === ELEMENT_NODE) linkLast(parent, node);
        else parent.appendChild(node);
      } else if (/^\s*$/.test(chars)) {
        this.doc.appendChild(node);
      }
      if (this.locator) position(this.locator, node as unknown as Locator);
    }

    comment(chars: string, start: number, length: number): void {
      const node = this.doc.createComment(chars.substr(start, length));
      if (this.locator) position(this.locator, node as unknown as Locator);
      append(this, node);
    }

    processingInstruction(target: string, data: string): void {
      const node = this.doc.createProcessingInstruction(target, data);
      if (this.locator) position(this.locator, node as unknown as Locator);
      append(this, node);
    }

    endDocument(): void {
      // normalize() walks the whole tree to merge adjacent text nodes, which parsing rarely makes.
      if (hasAdjacentText(this.doc)) this.doc.normalize();
    }
  }
  return FastDomHandler;
}
