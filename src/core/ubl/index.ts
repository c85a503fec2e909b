export { renderInvoice, invoiceTypeName, XML_DECLARATION } from './render-invoice';
export { INITIAL_PIH, chainProblems, type ChainValues } from './chain-values';
