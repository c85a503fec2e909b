/**
 * Code lists the KSA rules check, as facts from ZATCA's XML implementation standard and the
 * SDK 3.4.8 schematrons (spec sections 1.2, 1.7, 1.8, 1.12).
 */

export const DOCUMENT_KINDS = ['invoice', 'credit-note', 'debit-note', 'prepayment'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** InvoiceTypeCode (BT-3) per document kind (BR-KSA-05). */
export const INVOICE_TYPE_CODE: Record<DocumentKind, string> = {
  invoice: '388',
  'credit-note': '381',
  'debit-note': '383',
  prepayment: '386',
};

export const TAX_CATEGORIES = ['S', 'Z', 'E', 'O'] as const;
export type TaxCategoryCode = (typeof TAX_CATEGORIES)[number];

/** Standard-rated percentages ZATCA accepts (BR-KSA-84). */
export const STANDARD_RATES = ['15', '5'] as const;

/**
 * Exemption (exception) reason codes per category with the official reason text
 * (BR-KSA-CL-04, BR-KSA-83). `undefined` text: no official wording, the ERP supplies it.
 */
export const EXEMPTION_REASONS: Record<
  Exclude<TaxCategoryCode, 'S'>,
  Readonly<Record<string, string | undefined>>
> = {
  E: {
    'VATEX-SA-29': 'Financial services mentioned in Article 29 of the VAT Regulations',
    'VATEX-SA-29-7': 'Life insurance services mentioned in Article 29 of the VAT Regulations',
    'VATEX-SA-30': 'Real estate transactions mentioned in Article 30 of the VAT Regulations',
  },
  Z: {
    'VATEX-SA-32': 'Export of goods',
    'VATEX-SA-33': 'Export of services',
    'VATEX-SA-34-1': 'The international transport of Goods',
    'VATEX-SA-34-2': 'international transport of passengers',
    'VATEX-SA-34-3':
      'services directly connected and incidental to a Supply of international passenger transport',
    'VATEX-SA-34-4': 'Supply of a qualifying means of transport',
    'VATEX-SA-34-5':
      'Any services relating to Goods or passenger transportation, as defined in article twenty five of these Regulations',
    'VATEX-SA-35': 'Medicines and medical equipment',
    'VATEX-SA-36': 'Qualifying metals',
    'VATEX-SA-EDU': 'Private education to citizen',
    'VATEX-SA-HEA': 'Private healthcare to citizen',
    'VATEX-SA-MLTRY': 'supply of qualified military goods',
    // Accepted by SDK 3.4.x (BR-KSA-CL-04) without an official wording in the 2022 standard.
    'VATEX-SA-DIPLOMAT': undefined,
    'VATEX-SA-DUTYFREE': undefined,
    'VATEX-SA-ROYALDECREE': undefined,
    'VATEX-SA-32(bis)': undefined,
  },
  O: {
    // Out of scope: the reason text is the taxpayer's own (BR-KSA-24).
    'VATEX-SA-OOS': undefined,
  },
};

/** Exemption codes that oblige a named buyer with a national ID (BR-KSA-25, BR-KSA-49). */
export const CITIZEN_EXEMPTIONS = ['VATEX-SA-EDU', 'VATEX-SA-HEA'] as const;

/** Seller ID schemes, in ZATCA's order of preference (BR-KSA-08). */
export const SELLER_ID_SCHEMES = ['CRN', 'MOM', 'MLS', '700', 'SAG', 'OTH'] as const;
/** Other buyer ID schemes (BR-KSA-14). */
export const BUYER_ID_SCHEMES = [
  'TIN',
  'CRN',
  'MOM',
  'MLS',
  '700',
  'SAG',
  'NAT',
  'GCC',
  'IQA',
  'PAS',
  'OTH',
] as const;

/** Value shapes ZATCA checks for some ID schemes (BR-KSA-F-07..F-11). */
export const ID_VALUE_SHAPES: Readonly<
  Record<string, { pattern: RegExp; rule: string; what: string }>
> = {
  CRN: { pattern: /^[0-9]{10}$/, rule: 'BR-KSA-F-08', what: '10 digits' },
  '700': { pattern: /^7[0-9]{9}$/, rule: 'BR-KSA-F-09', what: '10 digits starting with 7' },
  TIN: { pattern: /^3[0-9]{9}$/, rule: 'BR-KSA-F-07', what: '10 digits starting with 3' },
  NAT: { pattern: /^1[0-9]{9}$/, rule: 'BR-KSA-F-10', what: '10 digits starting with 1' },
  IQA: { pattern: /^2[0-9]{9}$/, rule: 'BR-KSA-F-11', what: '10 digits starting with 2' },
};

/** UNTDID 4461 payment means codes in the KSA subset (BR-KSA-16 warns on others). */
export const PAYMENT_MEANS_CODES = {
  '1': 'Instrument not defined',
  '10': 'In cash',
  '30': 'Credit transfer',
  '42': 'Payment to bank account',
  '48': 'Bank card',
} as const;

/** UNTDID 5189 allowance reason codes (EN 16931 code list for BT-98/BT-140). */
export const ALLOWANCE_REASON_CODES = [
  '41', '42', '60', '62', '63', '64', '65', '66', '67', '68', '70', '71', '88', '95', '100',
  '102', '103', '104', '105',
] as const; // prettier-ignore

/** UNTDID 7161 charge reason codes as listed by BR-KSA-CL-06. */
export const CHARGE_REASON_CODES = (
  'AA AAA AAC AAD AAE AAF AAH AAI AAS AAT AAV AAY AAZ ABA ABB ABC ABD ABF ABK ABL ABN ABR ABS ' +
  'ABT ABU ACF ACG ACH ACI ACJ ACK ACL ACM ACS ADC ADE ADJ ADK ADL ADM ADN ADO ADP ADQ ADR ADT ' +
  'ADW ADY ADZ AEA AEB AEC AED AEF AEH AEI AEJ AEK AEL AEM AEN AEO AEP AES AET AEU AEV AEW AEX ' +
  'AEY AEZ AJ AU CA CAB CAD CAE CAF CAI CAJ CAK CAL CAM CAN CAO CAP CAQ CAR CAS CAT CAU CAV CAW ' +
  'CD CG CS CT DAB DAD DL EG EP ER FAA FAB FAC FC FH FI GAA HAA HD HH IAA AB ID IF IR IS KO L1 ' +
  'LA LAA LAB LF MAE MI ML NAA OA PA PAA PC PL RAB RAC RAD RAF RE RF RH RV SA SAA SAD SAE SAI ' +
  'SG SH SM SU TAB AC TT TV V1 V2 WH XAA YY ZZZ'
).split(' ');

/** ISO 4217 currency codes accepted by BR-CL-04 / BR-KSA-CL-01. */
export const CURRENCY_CODES: ReadonlySet<string> = new Set(
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRO MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL SOS SRD SSP STD SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UZS VEF VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWL'.split(
    ' ',
  ),
);

/** ISO 3166-1 alpha-2 country codes accepted by BR-CL-14. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  '1A AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW'.split(
    ' ',
  ),
);
