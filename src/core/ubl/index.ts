export { renderInvoice } from './render-invoice';
export { invoiceTypeName, XML_DECLARATION } from './render-header';
export { INITIAL_PIH, chainProblems, type ChainValues } from './chain-values';
