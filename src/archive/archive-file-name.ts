/**
 * The archive file name of XML-STD §14 (spec 8.5):
 * `<seller VAT>_<IssueDate without dashes>T<IssueTime without colons>_<number>.xml`, with every
 * non-alphanumeric character of the invoice number replaced by "-".
 */
export function archiveFileName(doc: {
  sellerVat: string;
  issueDate: string;
  issueTime: string;
  invoiceNumber: string;
}): string {
  const date = doc.issueDate.replace(/-/g, '');
  const time = doc.issueTime.replace(/:/g, '');
  const number = doc.invoiceNumber.replace(/[^A-Za-z0-9]/g, '-');
  return `${doc.sellerVat}_${date}T${time}_${number}.xml`;
}

/** IssueDate and IssueTime exactly as the signed document states them (Saudi time). */
export function issueDateTimeOf(xml: string): { issueDate: string; issueTime: string } {
  const date = /<cbc:IssueDate>([^<]+)<\/cbc:IssueDate>/.exec(xml)?.[1];
  const time = /<cbc:IssueTime>([^<]+)<\/cbc:IssueTime>/.exec(xml)?.[1];
  if (!date || !time) throw new Error('the document has no cbc:IssueDate / cbc:IssueTime');
  return { issueDate: date, issueTime: time };
}
