import type { LocalisedText } from '../case-types/descriptor.js';

// The fund's products: what a coverage is a coverage of. A product says which case types it
// covers and its default annual ceilings per budget envelope (per member, per calendar year); a
// coverage may carry its own ceilings instead (a negotiated contract).

export interface Product {
  readonly id: string;
  readonly name: LocalisedText;
  /** Case types a coverage of this product covers. */
  readonly covers: readonly string[];
  /** Annual ceiling per envelope, decimal strings; an envelope not named has no ceiling. */
  readonly ceilings: Readonly<Record<string, string>>;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'health-essential',
    name: { en: 'Health cover, essential', fr: 'Complémentaire santé, formule essentielle' },
    covers: ['health-reimbursement'],
    ceilings: { medicines: '1500.00', consultations: '2000.00', hospitalisation: '20000.00', 'work-accidents': '5000.00' },
  },
  {
    id: 'health-plus',
    name: { en: 'Health cover, plus', fr: 'Complémentaire santé, formule renforcée' },
    covers: ['health-reimbursement'],
    ceilings: { medicines: '4000.00', consultations: '6000.00', hospitalisation: '60000.00', 'work-accidents': '15000.00' },
  },
  {
    id: 'occupational-risk',
    name: { en: 'Occupational risk cover', fr: 'Couverture accidents du travail et maladies professionnelles' },
    covers: ['occupational-disease'],
    ceilings: {},
  },
];

export const PRODUCT_IDS = PRODUCTS.map((p) => p.id) as [string, ...string[]];

export function findProduct(id: string): Product | undefined {
  return PRODUCTS.find((p) => p.id === id);
}
