import { c14nAttribute, c14nText } from './c14n-text';

/** Stands for a value when a fragment is rendered as a template; U+0000 never occurs in XML. */
export const SLOT = '\u0000';

/**
 * A fragment rendered once, with the leaf/wrap/attr helpers and SLOT for each value, and kept as
 * the fixed text around its values. Filling it gives the text rendering it with the values would,
 * made of fewer strings (cheaper to build and to hash, see line-segments.ts). Values are escaped
 * as C14N wants: attribute values (a slot right after `="`) as attributes, the others as text.
 */
export class XmlTemplate {
  private readonly texts: string[];
  private readonly inAttribute: boolean[];

  constructor(fragment: string) {
    this.texts = fragment.split(SLOT);
    this.inAttribute = this.texts.slice(0, -1).map((text) => text.endsWith('="'));
  }

  /** The fragment with the values in the order of their slots in the text. */
  fill(...values: string[]): string {
    if (values.length !== this.inAttribute.length) {
      throw new Error(`template has ${this.inAttribute.length} slots, got ${values.length} values`);
    }
    let text = this.texts[0];
    for (let i = 0; i < values.length; i++) {
      text += this.inAttribute[i] ? c14nAttribute(values[i]) : c14nText(values[i]);
      text += this.texts[i + 1];
    }
    return text;
  }
}
