import { z } from 'zod';
import { SELLER_ID_SCHEMES } from '../../core/model/codes';
import { SellerSchema } from '../../core/model/party';
import { isVatGroupNumber } from '../../core/csr';

const name = (max: number) =>
  z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

/**
 * A company as the API and CLI take it: the seller's identity as it appears on every invoice.
 * ID and address use the canonical invoice's own rules, so a sample or real invoice of this
 * company can never fail on them.
 */
export const CompanyInputSchema = z
  .strictObject({
    vatNumber: SellerSchema.shape.vatNumber,
    otherId: SellerSchema.shape.id.describe(
      `Other seller ID (BT-29), scheme one of ${SELLER_ID_SCHEMES.join(', ')} (CRN: commercial registration)`,
    ),
    nameAr: name(255).describe('Legal name in Arabic'),
    nameEn: name(255).describe(
      'Legal name in English (the CSR organization name, at most 64 characters)',
    ),
    vatGroupMemberTin: z
      .string()
      .regex(/^[0-9]{10}$/, { error: 'must be the 10-digit TIN of the VAT group member' })
      .optional()
      .describe('For a VAT group (11th VAT digit 1): the member TIN, required then'),
    address: SellerSchema.shape.address,
  })
  .superRefine((company, ctx) => {
    if (isVatGroupNumber(company.vatNumber) && !company.vatGroupMemberTin) {
      ctx.addIssue({
        code: 'custom',
        path: ['vatGroupMemberTin'],
        message:
          'is required: the VAT number is a VAT group number (11th digit 1), and each member ' +
          'onboards under its own 10-digit TIN',
      });
    }
  });

export type CompanyInput = z.output<typeof CompanyInputSchema>;
