import { z } from 'zod';
import { BUYER_ID_SCHEMES, COUNTRY_CODES, ID_VALUE_SHAPES, SELLER_ID_SCHEMES } from './codes';
import { text } from './primitives';

/** Saudi VAT number: 15 digits, first and last "3" (BR-KSA-40, BR-KSA-44). */
export const VAT_NUMBER = /^3[0-9]{13}3$/;

const country = z
  .string({ error: 'is required (ISO 3166-1 alpha-2, e.g. "SA")' })
  .refine((c) => COUNTRY_CODES.has(c), {
    error: 'must be an ISO 3166-1 alpha-2 country code such as "SA" (BR-CL-14)',
  });

const digits = (n: number, rule: string, what: string) =>
  z
    .string({ error: `is required (${n} digits)` })
    .regex(new RegExp(`^[0-9]{${n}}$`), { error: `${what} must be exactly ${n} digits (${rule})` });

/**
 * National address (spec 1.7). Field names follow the Saudi address, rendered to UBL as:
 * street=StreetName, additionalStreet=AdditionalStreetName, buildingNumber=BuildingNumber,
 * additionalNumber=PlotIdentification, district=CitySubdivisionName, city=CityName,
 * postalZone=PostalZone, province=CountrySubentity, country=Country/IdentificationCode.
 */
const addressFields = {
  street: text(1000, 'BR-KSA-F-06-C4'),
  additionalStreet: text(127, 'BR-KSA-F-06-C6').optional(),
  additionalNumber: digits(4, 'BR-KSA-64', 'additional number').optional(),
  district: text(127, 'BR-KSA-F-06-C9'),
  city: text(127, 'BR-KSA-F-06-C7'),
  province: text(127, 'BR-KSA-F-06-C8').optional(),
  country,
};

/** Seller address: complete, with the Saudi formats (BR-KSA-09/37/66). */
export const SellerAddressSchema = z.strictObject({
  ...addressFields,
  buildingNumber: digits(4, 'BR-KSA-37', 'building number'),
  postalZone: digits(5, 'BR-KSA-66', 'postal code'),
});

/** Buyer address: what is required depends on subtype and country (checked on the invoice). */
export const BuyerAddressSchema = z.strictObject({
  street: addressFields.street.optional(),
  additionalStreet: addressFields.additionalStreet,
  buildingNumber: text(127).optional(),
  additionalNumber: digits(4, 'BR-KSA-65', 'additional number').optional(),
  district: addressFields.district.optional(),
  city: addressFields.city.optional(),
  postalZone: text(127).optional(),
  province: addressFields.province,
  country,
});

// ZATCA warns on all-digit IDs with 8 running or repeated digits (BR-KSA-F-13).
const DUMMY_DIGITS =
  /01234567|12345678|23456789|76543210|87654321|98765432|0{8}|1{8}|2{8}|3{8}|4{8}|5{8}|6{8}|7{8}|8{8}|9{8}/;
const looksLikeDummyId = (value: string): boolean =>
  /^[0-9]+$/.test(value) && DUMMY_DIGITS.test(value);

function partyId<T extends readonly [string, ...string[]]>(schemes: T, rule: string) {
  return z
    .strictObject({
      scheme: z.enum(schemes, { error: `must be one of ${schemes.join(', ')} (${rule})` }),
      value: text(127).regex(/^[A-Za-z0-9]+$/, {
        error: `must contain only letters and digits (${rule})`,
      }),
    })
    .superRefine((id, ctx) => {
      if (looksLikeDummyId(id.value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `"${id.value}" looks like a placeholder (8 running or repeated digits) (BR-KSA-F-13)`,
        });
      }
      const shape = ID_VALUE_SHAPES[id.scheme];
      if (shape && !shape.pattern.test(id.value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `a ${id.scheme} number is ${shape.what}, got "${id.value}" (${shape.rule})`,
        });
      }
    });
}

const vatNumber = z
  .string({ error: 'is required (15 digits)' })
  .regex(VAT_NUMBER, { error: 'must be 15 digits starting and ending with 3 (BR-KSA-40/44)' });

export const SellerSchema = z.strictObject({
  name: text(1000, 'BR-KSA-F-06-C10').describe('Registered name (BT-27); Arabic allowed'),
  vatNumber: vatNumber.describe('VAT registration number (BT-31), BR-KSA-39/40'),
  id: partyId(SELLER_ID_SCHEMES, 'BR-KSA-08').describe('Other seller ID (BT-29)'),
  address: SellerAddressSchema,
});

export const BuyerSchema = z.strictObject({
  name: text(1000, 'BR-KSA-F-06-C12').optional().describe('Registered name (BT-44)'),
  vatNumber: vatNumber.optional().describe('Buyer VAT number (BT-48)'),
  id: partyId(BUYER_ID_SCHEMES, 'BR-KSA-14').optional().describe('Other buyer ID (BT-46)'),
  address: BuyerAddressSchema.optional(),
});

export type Seller = z.output<typeof SellerSchema>;
export type Buyer = z.output<typeof BuyerSchema>;
