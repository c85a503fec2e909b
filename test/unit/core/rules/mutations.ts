import { EXEMPTION_REASONS } from '../../../../src/core/model';

/**
 * Mutations of canonical invoice JSON for the differential corpus. Each one changes the raw
 * input in a way the model may still accept; the corpus keeps only the variants it accepts.
 */
// Mutations edit raw, untyped ERP JSON on purpose (the model judges the result afterwards).
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment */
export type Json = Record<string, any>;

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: small, fast and deterministic for a given seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)],
    chance: (p) => next() < p,
  };
}

export interface Mutation {
  name: string;
  apply(inv: Json, rng: Rng): void;
}

const longText = (rng: Rng, max: number) => 'x'.repeat(rng.pick([1, max - 1, max]));

const buyerAddress = (inv: Json): Json => {
  inv.buyer ??= { name: 'Buyer' };
  inv.buyer.address ??= { street: 'Street', city: 'City', country: 'SA' };
  return inv.buyer.address as Json;
};

const textFields: [string[], number][] = [
  [['notes'], 1000],
  [['orderReference'], 127],
  [['contractReference'], 127],
  [['seller', 'name'], 1000],
  [['seller', 'address', 'street'], 1000],
  [['seller', 'address', 'additionalStreet'], 127],
  [['seller', 'address', 'district'], 127],
  [['seller', 'address', 'city'], 127],
  [['seller', 'address', 'province'], 127],
  [['buyer', 'name'], 1000],
  [['buyer', 'address', 'street'], 1000],
  [['buyer', 'address', 'additionalStreet'], 127],
  [['buyer', 'address', 'district'], 127],
  [['buyer', 'address', 'city'], 127],
  [['buyer', 'address', 'province'], 127],
  [['buyer', 'address', 'buildingNumber'], 127],
  [['buyer', 'address', 'postalZone'], 127],
  [['lines', '0', 'name'], 1000],
  [['lines', '0', 'id'], 6],
  [['lines', '0', 'sellerItemId'], 127],
  [['noteReason'], 1000],
];

function setPath(inv: Json, path: string[], value: unknown): void {
  let at: Json = inv;
  for (const key of path.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Json;
  }
  const last = path[path.length - 1];
  at[last] = path[0] === 'notes' ? [value] : value;
}

const exemptions = Object.entries(EXEMPTION_REASONS).flatMap(([category, codes]) =>
  Object.entries(codes).map(([code, text]) => ({ category, code, text })),
);

const SELLER_IDS = [
  ['CRN', '1010010000'],
  ['CRN', '101001000'],
  ['MOM', 'A1B2C3'],
  ['MLS', '5555'],
  ['700', '7001234567'],
  ['SAG', 'SAG123'],
  ['OTH', '12345670'],
  ['OTH', 'X'],
] as const;

const BUYER_IDS = [
  ['TIN', '3101234567'],
  ['CRN', '4030000000'],
  ['NAT', '1029384756'],
  ['IQA', '2029384756'],
  ['PAS', 'P1234567'],
  ['GCC', 'GCC778'],
  ['700', '7009876543'],
  ['MOM', 'M1'],
  ['MLS', 'L2'],
  ['SAG', 'S3'],
  ['OTH', '12341234'],
] as const;

const day = (iso: string, offsetDays: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + offsetDays * 86_400_000).toISOString().slice(0, 10);

export const MUTATIONS: Mutation[] = [
  {
    name: 'buyer-foreign-country',
    apply: (inv, rng) => {
      buyerAddress(inv).country = rng.pick(['AE', 'US', 'GB', 'EG', 'SA']);
    },
  },
  {
    name: 'buyer-address-piece-dropped',
    apply: (inv, rng) => {
      const a = buyerAddress(inv);
      const piece = rng.pick([
        'buildingNumber',
        'district',
        'postalZone',
        'additionalStreet',
        'province',
        'street',
        'city',
        'additionalNumber',
      ]);
      if (a.country === 'SA' && rng.chance(0.7)) a.country = rng.pick(['AE', 'KW']);
      delete a[piece];
    },
  },
  {
    name: 'buyer-building-number',
    apply: (inv, rng) => {
      const a = buyerAddress(inv);
      a.buildingNumber = rng.pick(['12', '12345', 'A12B', '0000', '1234', ' 1234']);
    },
  },
  {
    name: 'buyer-postal-zone',
    apply: (inv, rng) => {
      buyerAddress(inv).postalZone = rng.pick(['1234', '123456', 'AB123', '12345', '00000']);
    },
  },
  {
    name: 'buyer-additional-number',
    apply: (inv, rng) => {
      const a = buyerAddress(inv);
      if (rng.chance(0.5)) delete a.additionalNumber;
      else a.additionalNumber = rng.pick(['1234', '0001']);
    },
  },
  {
    name: 'buyer-vat-and-id',
    apply: (inv, rng) => {
      inv.buyer ??= { name: 'Buyer' };
      const b = inv.buyer as Json;
      const choice = rng.int(0, 3);
      if (choice !== 1) delete b.vatNumber;
      else b.vatNumber = rng.pick(['399999999800003', '311111111111113', '300000000000003']);
      if (choice !== 2) {
        const [scheme, value] = rng.pick(BUYER_IDS);
        b.id = { scheme, value };
      } else delete b.id;
    },
  },
  {
    name: 'seller-id',
    apply: (inv, rng) => {
      const [scheme, value] = rng.pick(SELLER_IDS);
      inv.seller.id = { scheme, value };
    },
  },
  {
    name: 'buyer-removed-or-bare',
    apply: (inv, rng) => {
      if (rng.chance(0.5)) delete inv.buyer;
      else inv.buyer = rng.chance(0.5) ? { name: 'Walk-in' } : { address: { country: 'SA' } };
    },
  },
  {
    name: 'exempt-line',
    apply: (inv, rng) => {
      const e = rng.pick(exemptions);
      const line = rng.pick(inv.lines as Json[]);
      line.taxCategory = { code: e.category, exemptionReasonCode: e.code };
      if (e.text === undefined || rng.chance(0.4)) {
        line.taxCategory.exemptionReason =
          e.text === undefined
            ? rng.pick(['Reason', 'x'.repeat(1000), 'سبب'])
            : `${e.text} ${rng.pick(['| ترجمة', '', '.'])}`.trim();
      }
    },
  },
  {
    name: 'standard-rate',
    apply: (inv, rng) => {
      const line = rng.pick(inv.lines as Json[]);
      line.taxCategory = { code: 'S', rate: rng.pick(['15', '5', '15.00', '5.0']) };
    },
  },
  {
    name: 'long-text',
    apply: (inv, rng) => {
      const [path, max] = rng.pick(textFields);
      if (path[0] === 'buyer' && inv.buyer === undefined) return;
      setPath(inv, path, longText(rng, max));
    },
  },
  {
    name: 'notes',
    apply: (inv, rng) => {
      inv.notes = rng.pick([[], ['One'], ['One', 'Two'], ['ملاحظة']]);
    },
  },
  {
    name: 'billing-reference',
    apply: (inv, rng) => {
      inv.billingReferences = rng.pick([
        [],
        [{ id: 'INV-1' }],
        [{ id: 'INV-1', issueDate: '2024-01-02' }, { id: 'x'.repeat(5000) }],
        [{ id: 'INV-9', issueDate: day(String(inv.issuedAt).slice(0, 10), rng.int(-2, 2)) }],
      ]);
    },
  },
  {
    name: 'supply-dates',
    apply: (inv, rng) => {
      const base = String(inv.issuedAt).slice(0, 10);
      const choice = rng.int(0, 3);
      if (choice === 0) delete inv.supplyDate;
      if (choice >= 1) inv.supplyDate = day(base, rng.int(-30, 30));
      if (choice === 2) inv.supplyEndDate = day(inv.supplyDate as string, rng.int(0, 40));
      if (choice !== 2) delete inv.supplyEndDate;
    },
  },
  {
    name: 'foreign-currency',
    apply: (inv, rng) => {
      inv.currency = rng.pick(['USD', 'EUR', 'AED', 'KWD', 'SAR']);
      if (inv.currency === 'SAR') delete inv.exchangeRate;
      else inv.exchangeRate = rng.pick(['3.75', '1', '0.2666', '12.3456789', '4.1']);
    },
  },
  {
    name: 'document-allowance-or-charge',
    apply: (inv, rng) => {
      const line = inv.lines[0] as Json;
      const charge = rng.chance(0.5);
      const ac: Json = { kind: charge ? 'charge' : 'allowance', taxCategory: line.taxCategory };
      if (rng.chance(0.5)) ac.amount = rng.pick(['0.01', '1.00', '0.50', '0']);
      else {
        ac.baseAmount = rng.pick(['1.00', '3.33', '0.10']);
        ac.percent = rng.pick(['10', '2.5', '33.33', '0', '100']);
      }
      if (charge) {
        ac.reasonCode = rng.pick(['FC', 'CG', 'AA', 'ZZZ']);
        ac.reason = 'Freight';
      } else if (rng.chance(0.5)) ac.reasonCode = rng.pick(['95', '100', '41']);
      else ac.reason = 'Discount';
      inv.allowanceCharges = [...((inv.allowanceCharges as Json[] | undefined) ?? []), ac];
    },
  },
  {
    name: 'line-allowance-or-charge',
    apply: (inv, rng) => {
      const line = rng.pick(inv.lines as Json[]);
      const charge = rng.chance(0.4);
      const ac: Json = { kind: charge ? 'charge' : 'allowance' };
      if (rng.chance(0.5)) ac.amount = rng.pick(['0.01', '0.10', '0']);
      else {
        ac.baseAmount = rng.pick(['0.10', '0.20']);
        ac.percent = rng.pick(['10', '50', '5.55']);
      }
      if (charge) Object.assign(ac, { reasonCode: 'CG', reason: 'Cleaning' });
      else ac.reason = 'Line discount';
      line.allowanceCharges = [...((line.allowanceCharges as Json[] | undefined) ?? []), ac];
    },
  },
  {
    name: 'quantity-and-price',
    apply: (inv, rng) => {
      const line = rng.pick(inv.lines as Json[]);
      line.quantity = rng.pick(['1', '3', '0.5', '2.333333', '1000', '0.001', '7.125']);
      line.unitPrice = rng.pick(['0.01', '1.005', '19.99', '3.3333', '0', '1234.5678', '2']);
      if (rng.chance(0.3)) line.baseQuantity = rng.pick(['1', '2', '12', '0.5']);
      if (rng.chance(0.3)) {
        const gross = Number(line.unitPrice) + rng.pick([0, 0.5, 1.25]);
        line.grossPrice = gross.toFixed(4);
      }
    },
  },
  {
    name: 'transaction-flags',
    apply: (inv, rng) => {
      const t: Json = { ...((inv.transaction as Json | undefined) ?? {}) };
      const flag = rng.pick(['thirdParty', 'nominal', 'summary', 'export', 'selfBilled']);
      t[flag] = !t[flag];
      inv.transaction = t;
      if (flag === 'summary' && t.summary) {
        const base = String(inv.issuedAt).slice(0, 10);
        inv.supplyDate = day(base, -5);
        inv.supplyEndDate = base;
      }
      if (flag === 'export' && t.export && inv.buyer) delete inv.buyer.vatNumber;
    },
  },
  {
    name: 'payment-means',
    apply: (inv, rng) => {
      inv.paymentMeans = rng.pick([
        [],
        [{ code: '10' }],
        [{ code: '30', accountId: 'SA0380000000608010167519' }],
        [{ code: '48' }, { code: '1', accountId: 'x'.repeat(127) }],
      ]);
    },
  },
  {
    name: 'line-ids',
    apply: (inv, rng) => {
      (inv.lines as Json[]).forEach((line, i) => {
        line.id = rng.pick([`${i + 1}`, `L${i + 1}`, `${100 + i}`]);
      });
    },
  },
  {
    name: 'extra-line',
    apply: (inv, rng) => {
      const category = rng.pick([
        { code: 'S', rate: '15' },
        { code: 'S', rate: '5' },
        { code: 'Z', exemptionReasonCode: 'VATEX-SA-35' },
        { code: 'E', exemptionReasonCode: 'VATEX-SA-29' },
        { code: 'O', exemptionReasonCode: 'VATEX-SA-OOS', exemptionReason: 'Not in scope' },
      ]);
      inv.lines = [
        ...(inv.lines as Json[]),
        {
          name: 'Extra item',
          quantity: rng.pick(['1', '2.5']),
          unitPrice: rng.pick(['10', '0.99']),
          unitCode: rng.pick(['PCE', 'KGM', 'HUR']),
          taxCategory: category,
        },
      ];
    },
  },
  {
    name: 'prepayment-issued-at',
    apply: (inv, rng) => {
      for (const p of (inv.prepayments as Json[] | undefined) ?? []) {
        const at = Date.parse(String(inv.issuedAt)) + rng.pick([-48, -2, 20, 30]) * 3_600_000;
        p.issuedAt = new Date(at).toISOString().replace(/\.000Z$/, 'Z');
      }
    },
  },
  {
    name: 'payable-rounding',
    apply: (inv, rng) => {
      inv.payableRoundingAmount = rng.pick(['0.01', '-0.01', '0.00', '-0.50']);
    },
  },
  {
    name: 'third-party-seller-address',
    apply: (inv, rng) => {
      const a = inv.seller.address as Json;
      a.additionalNumber = rng.pick(['1234', '9999']);
      if (rng.chance(0.5)) delete a.additionalStreet;
      else a.additionalStreet = 'Annex';
      if (rng.chance(0.5)) delete a.province;
    },
  },
];
