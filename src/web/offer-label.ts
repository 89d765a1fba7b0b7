import type { Translate } from './i18n.ts';

interface Named {
  readonly supplierName: string;
  readonly name: string;
  readonly isDemo: boolean;
}

const DEMO_MARK = /\s*\((?:demo)\)\s*$/i;

/**
 * A supplier and its product as one label, "Nordlys Energi: Fastpris 12 måneder (demo)".
 * A demo offer is marked once, after the product: the demo data also writes the mark into
 * the supplier's name (so it reads right where the supplier stands alone), and shown
 * together the two marks would say the same thing twice.
 */
export const offerLabel = (o: Named, t: Translate): string => {
  if (!o.isDemo) return `${o.supplierName}: ${o.name}`;
  const supplier = o.supplierName.replace(DEMO_MARK, '');
  const product = o.name.replace(DEMO_MARK, '');
  return `${supplier}: ${product} (${t('detail.demo')})`;
};
