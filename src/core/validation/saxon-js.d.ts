// The parts of SaxonJS 2 (npm `saxon-js`, no bundled types) that the schematron stages use.
declare module 'saxon-js' {
  /** An opaque node tree built by SaxonJS's own parser. */
  export type SaxonDocument = object;

  export interface TransformOptions {
    /** A compiled stylesheet (SEF) already parsed from JSON. */
    stylesheetInternal: object;
    /** Static base URI for a relocatable SEF: where relative URIs in the stylesheet resolve. */
    stylesheetBaseURI?: string;
    sourceNode?: SaxonDocument;
    sourceText?: string;
    destination: 'serialized' | 'raw' | 'document';
  }

  export interface TransformResult {
    principalResult: unknown;
  }

  export function transform(options: TransformOptions, mode: 'sync'): TransformResult;

  export const XPath: {
    evaluate(
      xpath: string,
      context: unknown,
      options?: { params?: Record<string, unknown> },
    ): unknown;
  };
}
