import type { Document, Element, Node } from '@xmldom/xmldom';
import { parseDocument } from '../../../../src/core/validation/parse-document';
import { canonicalizeDocument, parseXml } from '../../../../src/core/xml';
import { parseXmlFast } from '../../../../src/core/xml/parse-xml-fast';
import { fastDomHandler } from '../../../../src/core/xml/xmldom-fast-builder';
import { malformedDocuments, wellFormedDocuments } from './xml-documents';
import { graphDifference, plainParse, serialize } from './xmldom-oracle';

function c14n(doc: Document): string {
  try {
    return canonicalizeDocument(doc);
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

function elementChildren(node: Node): Element[] {
  const found: Element[] = [];
  for (let n = node.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1) found.push(n as Element);
  return found;
}

/** DOM edits after parsing, as one might stamp a document; returns what it saw on the way. */
function edit(doc: Document): unknown[] {
  const seen: unknown[] = [];
  const root = doc.documentElement!;
  const all = root.getElementsByTagName('*');
  seen.push(all.length, root.childNodes.length);
  const stamp = doc.createElementNS('urn:stamp', 's:Stamp');
  stamp.setAttribute('at', '2024-01-01');
  stamp.appendChild(doc.createTextNode('cleared'));
  root.insertBefore(stamp, root.firstChild);
  const children = elementChildren(root);
  if (children.length > 2) root.removeChild(children[2]);
  const last = elementChildren(root).pop()!;
  const withChildren = elementChildren(root).find((e) => e !== last && elementChildren(e).length);
  if (withChildren) withChildren.insertBefore(last, withChildren.lastChild);
  const deepest = all.item(all.length - 1)!;
  deepest.appendChild(doc.createComment('edited'));
  deepest.setAttributeNS('urn:a', 'a:x', '1');
  deepest.appendChild(doc.createTextNode('more'));
  const text = deepest.firstChild;
  if (text) deepest.replaceChild(doc.createTextNode('replaced'), text);
  root.appendChild(doc.createTextNode('tail'));
  root.appendChild(doc.createTextNode('tail2'));
  doc.normalize();
  seen.push(all.length, root.childNodes.length, deepest.childNodes.length, serialize(doc).length);
  return seen;
}

describe('fast xmldom parse (parseXml, parseDocument)', () => {
  const documents = wellFormedDocuments();

  it('is in use: it parses every document itself, and records no positions', () => {
    expect(fastDomHandler()).toBeDefined();
    expect(documents.length).toBeGreaterThanOrEqual(19 + 10);
    for (const { name, xml } of documents) {
      const doc = parseXmlFast(xml);
      expect({ name, parsed: doc !== undefined }).toEqual({ name, parsed: true });
      expect((doc!.documentElement as unknown as { lineNumber?: number }).lineNumber).toBe(
        undefined,
      );
    }
    expect(
      (plainParse('<r/>').documentElement as unknown as { lineNumber: number }).lineNumber,
    ).toBe(1);
  });

  it.each(documents.map((d) => [d.name, d.xml]))(
    '%s: the same tree, serialization and C14N as untouched xmldom',
    (name, xml) => {
      const expected = plainParse(xml);
      for (const doc of [parseXml(xml), parseDocument(xml, name)]) {
        expect(graphDifference(doc, expected)).toBeUndefined();
        expect(serialize(doc)).toBe(serialize(expected));
        expect(c14n(doc)).toBe(c14n(expected));
      }
    },
  );

  it('the comparison sees a difference in structure, in a value, and in a link', () => {
    const xml = '<r><a x="1">t</a><b/></r>';
    const moved = plainParse(xml);
    moved.documentElement!.appendChild(moved.documentElement!.firstChild!);
    expect(graphDifference(parseXml(xml), moved)).toBeDefined();
    const changed = plainParse(xml);
    (changed.documentElement!.firstChild as Element).setAttribute('x', '2');
    expect(graphDifference(parseXml(xml), changed)).toMatch(/value|2/);
    const relinked = plainParse(xml);
    const b = relinked.documentElement!.lastChild as unknown as { previousSibling: unknown };
    b.previousSibling = null;
    expect(graphDifference(parseXml(xml), relinked)).toMatch(/previousSibling/);
  });

  it.each(documents.map((d) => [d.name, d.xml]))(
    '%s: DOM edits after parsing give the same tree as on untouched xmldom',
    (_name, xml) => {
      const doc = parseXml(xml);
      const expected = plainParse(xml);
      expect(edit(doc)).toEqual(edit(expected));
      expect(serialize(doc)).toBe(serialize(expected));
      expect(graphDifference(doc, expected)).toBeUndefined();
    },
  );

  describe('malformed XML: the same errors as before the fast path', () => {
    // Recorded from parseXml and parseDocument before the fast path existed.
    const before: Record<string, [parseXml: string, parseDocument: string]> = {
      'unclosed tag': ['unclosed xml tag(s): a, b', '(line 1): unclosed xml tag(s): a, b'],
      'mismatched end tag': [
        'Opening and ending tag mismatch: "b" != "a"',
        '(line 1): Opening and ending tag mismatch: "b" != "a"',
      ],
      'two roots': [
        'Error constructing the DOM: HierarchyRequestError: Only one element can be added and only after doctype',
        '(line 1): Error constructing the DOM: HierarchyRequestError: Only one element can be added and only after doctype',
      ],
      'text before the root': [
        "Unexpected content outside root element: 'x'",
        ": Unexpected content outside root element: 'x'",
      ],
      'text after the root': [
        'Extra content at the end of the document',
        '(line 1): Extra content at the end of the document',
      ],
      'bad entity': ['entity not found:&foo;', '(line 1): entity not found:&foo;'],
      'entity without semicolon': ['EntityRef: expecting ;', '(line 1): EntityRef: expecting ;'],
      'redefined attribute': ['Attribute b redefined', '(line 1): Attribute b redefined'],
      '< in attribute': [
        "Unescaped '<' not allowed in attributes values",
        "(line 1): Unescaped '<' not allowed in attributes values",
      ],
      'undeclared element prefix': [
        'Error constructing the DOM: NamespaceError: prefix is non-null and namespace is null',
        '(line 1): Error constructing the DOM: NamespaceError: prefix is non-null and namespace is null',
      ],
      'undeclared attribute prefix': [
        'Error constructing the DOM: NamespaceError: prefix is non-null and namespace is null',
        '(line 1): Error constructing the DOM: NamespaceError: prefix is non-null and namespace is null',
      ],
      'empty string': ['missing root element', ': missing root element'],
      'only whitespace': ['missing root element', ': missing root element'],
      'only a comment': ['missing root element', '(line 1): missing root element'],
      'multi-line, error on line 3': [
        'Opening and ending tag mismatch: "b" != "c"',
        '(line 3): Opening and ending tag mismatch: "b" != "c"',
      ],
      'bad end tag name': [
        'end tag name contains invalid characters: "a b"',
        '(line 1): end tag name contains invalid characters: "a b"',
      ],
      'xmlns prefix on element': [
        'Error constructing the DOM: NamespaceError: either qualifiedName or prefix is "xmlns" and namespace is not the XMLNS namespace',
        '(line 1): Error constructing the DOM: NamespaceError: either qualifiedName or prefix is "xmlns" and namespace is not the XMLNS namespace',
      ],
      'doctype inside root': [
        'Doctype not allowed inside or after documentElement at position 3',
        '(line 1): Doctype not allowed inside or after documentElement at position 3',
      ],
    };

    beforeAll(() => {
      // The same names, accepted in other namespaces, must not let the refused ones through.
      parseXml('<x:a xmlns:x="urn:x" x:b="1"><a x:b="2"/></x:a>');
    });

    it('covers every malformed document', () => {
      expect(Object.keys(before).sort()).toEqual(Object.keys(malformedDocuments).sort());
    });

    it.each(Object.entries(malformedDocuments))('%s', (problem, xml) => {
      const [xmlMessage, documentMessage] = before[problem];
      expect(parseXmlFast(xml)).toBeUndefined();
      expect(() => parseXml(xml)).toThrow(
        new Error(`XML document is not well-formed XML: ${xmlMessage}`),
      );
      const where = documentMessage.startsWith('(') ? ` ${documentMessage}` : documentMessage;
      expect(() => parseDocument(xml, 'doc.xml')).toThrow(
        new Error(`doc.xml: not well-formed XML${where}`),
      );
    });
  });

  it('leaves another xmldom version to its own DOM builder, and parses the same', () => {
    jest.isolateModules(() => {
      jest.doMock('@xmldom/xmldom/package.json', () => ({ version: '0.9.13' }));
      const builder = jest.requireActual<{ fastDomHandler: () => unknown }>(
        '../../../../src/core/xml/xmldom-fast-builder',
      );
      const { parseXml: parseOtherVersion } = jest.requireActual<{
        parseXml: (xml: string) => Document;
      }>('../../../../src/core/xml/parse-xml');
      expect(builder.fastDomHandler()).toBeUndefined();
      const xml = documents[0].xml;
      const doc = parseOtherVersion(xml);
      const line = (d: Document) =>
        (d.documentElement as unknown as { lineNumber?: number }).lineNumber;
      expect(line(doc)).toBeGreaterThan(0);
      expect(line(doc)).toBe(line(plainParse(xml)));
      expect(serialize(doc)).toBe(serialize(plainParse(xml)));
      expect(() => parseOtherVersion('<a>')).toThrow(/unclosed xml tag/);
    });
  });
});
