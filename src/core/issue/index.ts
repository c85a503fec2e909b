export { prepareInvoice, type PreparedInvoice } from './prepare-invoice';
export { issueInvoice, type IssueOptions, type IssuedInvoice } from './issue-invoice';
