export { escapeC14nText, escapeC14nAttribute } from './c14n-escape';
export { canonicalizeDocument } from './canonicalize';
export { parseXml } from './parse-xml';
