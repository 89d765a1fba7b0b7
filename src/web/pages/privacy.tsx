import {
  CATEGORIES,
  type Category,
  DATA_MAP,
  LEGAL_BASES,
  PURPOSES,
  personalColumns,
  RETENTION_RULES,
} from '../../modules/privacy/data-map.ts';
import type { PageContext } from '../context.ts';
import { Layout } from '../layout.tsx';

/** The privacy policy, generated from the data map so it cannot drift from what the system does. */
export const PrivacyPage = ({
  ctx,
  controller,
}: {
  ctx: PageContext;
  controller: { name: string; contact: string };
}) => {
  const { t, locale } = ctx;
  const columns = Object.values(DATA_MAP).flatMap((spec) => personalColumns(spec).map(([, c]) => c));
  const categories = [...new Set(columns.map((c) => c.category))] as Category[];
  const purposes = [...new Set(columns.flatMap((c) => c.purposes))];
  const rules = [...new Set(columns.map((c) => c.retention))];
  return (
    <Layout ctx={ctx} title={t('privacy.title')}>
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.lead')}</p>
      <p>{t('privacy.controller', controller)}</p>
      <h2>{t('privacy.categories')}</h2>
      <ul class="plain">
        {categories.map((c) => (
          <li data-category={c}>{CATEGORIES[c][locale]}</li>
        ))}
      </ul>
      <h2>{t('privacy.purposes')}</h2>
      <ul class="plain">
        {purposes.map((p) => (
          <li data-purpose={p}>
            {PURPOSES[p][locale]} ({LEGAL_BASES[PURPOSES[p].basis][locale]})
          </li>
        ))}
      </ul>
      <h2>{t('privacy.retention')}</h2>
      <ul class="plain">
        {rules.map((r) => (
          <li data-retention={r}>
            {RETENTION_RULES[r][locale]} ({RETENTION_RULES[r].source})
          </li>
        ))}
      </ul>
      <p>{t('privacy.rights')}</p>
      <p>{t('privacy.cookies')}</p>
    </Layout>
  );
};
