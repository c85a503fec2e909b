/** account.move fields of the polling query (docs/erp-protocols.md 1.1), kept when present. */
export const MOVE_FIELDS = [
  'id',
  'name',
  'move_type',
  'state',
  'payment_state',
  'invoice_date',
  'invoice_date_due',
  'create_date',
  'write_date',
  'partner_id',
  'commercial_partner_id',
  'company_id',
  'currency_id',
  'journal_id',
  'amount_untaxed',
  'amount_tax',
  'amount_total',
  'amount_residual',
  'invoice_line_ids',
  'reversed_entry_id',
  'ref',
  'narration',
  'invoice_origin',
  'l10n_sa_confirmation_datetime',
  'l10n_sa_qr_code_str',
  'l10n_sa_uuid',
  'l10n_sa_chain_index',
  'edi_state',
  'delivery_date',
] as const;

/**
 * Read as well when the database has them (not in the polling query): the VAT in the company
 * currency (16+), and the rate Odoo booked the invoice with (stored on the move from 18 on).
 */
export const MOVE_EXTRA_FIELDS = [
  'invoice_payment_term_id',
  'l10n_sa_reason',
  'amount_tax_signed',
  'invoice_currency_rate',
] as const;

export const LINE_FIELDS = [
  'id',
  'move_id',
  'sequence',
  'display_type',
  'name',
  'product_id',
  'product_uom_id',
  'quantity',
  'price_unit',
  'discount',
  'tax_ids',
  'price_subtotal',
  'price_total',
  'currency_id',
];

export const TAX_FIELDS = [
  'id',
  'name',
  'amount',
  'amount_type',
  'price_include',
  'l10n_sa_exemption_reason_code',
  'l10n_sa_is_retention',
  'tax_group_id',
];

export const PARTNER_BASE_FIELDS = [
  'id',
  'name',
  'is_company',
  'vat',
  'street',
  'street2',
  'city',
  'zip',
  'state_id',
  'country_id',
  'country_code',
  'commercial_partner_id',
];

/**
 * KSA partner fields of l10n_sa_edi, by the names each Odoo tree uses: 16 to 18 (verified on
 * 17.0 and 18.0) use the first spelling, current master the `l10n_sa_edi_` one. fields_get
 * says which one this database has.
 */
export const PARTNER_KSA_CANDIDATES = {
  buildingNumber: ['l10n_sa_edi_building_number'],
  additionalNumber: ['l10n_sa_edi_plot_identification'],
  idScheme: [
    'l10n_sa_additional_identification_scheme',
    'l10n_sa_edi_additional_identification_scheme',
  ],
  idNumber: [
    'l10n_sa_additional_identification_number',
    'l10n_sa_edi_additional_identification_number',
  ],
} as const;

/** The result fields the connector creates on account.move (ir.model.fields, manual `x_`). */
export const RESULT_FIELDS = [
  { name: 'x_zatca_status', ttype: 'char', field_description: 'ZATCA Status' },
  { name: 'x_zatca_uuid', ttype: 'char', field_description: 'ZATCA UUID' },
  { name: 'x_zatca_hash', ttype: 'char', field_description: 'ZATCA Invoice Hash' },
  { name: 'x_zatca_qr', ttype: 'text', field_description: 'ZATCA QR (base64 TLV)' },
  { name: 'x_zatca_icv', ttype: 'integer', field_description: 'ZATCA Invoice Counter (ICV)' },
  { name: 'x_zatca_message', ttype: 'text', field_description: 'ZATCA Message' },
] as const;
