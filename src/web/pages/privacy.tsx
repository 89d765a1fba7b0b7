import type { PolicyDocument } from '../../modules/privacy/policy.ts';
import { CATEGORIES, PURPOSES, RETENTION_RULES } from '../../modules/privacy/vocabulary.ts';
import type { PageContext } from '../context.ts';
import { formatDate } from '../i18n.ts';
import { Layout, TableWrap } from '../layout.tsx';
import { CookieTable } from './cookies.tsx';

/**
 * The privacy policy, made from the policy document (itself made from the data map, the
 * processors and the cookie list), so it cannot drift from what the system does.
 */
export const PrivacyPage = ({
  ctx,
  doc,
  version,
  publishedAt,
}: {
  ctx: PageContext;
  doc: PolicyDocument;
  version: number;
  publishedAt: Date;
}) => {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('privacy.title')}>
      <h1>{t('privacy.title')}</h1>
      <p class="muted" data-policy-version={version}>
        {t('privacy.version', { version, date: formatDate(publishedAt, locale) })}
      </p>
      <p>{t('privacy.lead')}</p>
      <p>{t('privacy.controller', doc.controller)}</p>

      <h2>{t('privacy.categories')}</h2>
      <TableWrap label={t('privacy.categories')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('privacy.col.category')}</th>
              <th scope="col">{t('privacy.col.source')}</th>
              <th scope="col">{t('privacy.col.purposes')}</th>
              <th scope="col">{t('privacy.col.retention')}</th>
            </tr>
          </thead>
          <tbody>
            {doc.categories.map((c) => (
              <tr data-category={c.id}>
                <th scope="row">{CATEGORIES[c.id][locale]}</th>
                <td>{c.source[locale]}</td>
                <td>
                  <ul class="plain">
                    {c.purposes.map((p) => (
                      <li>{PURPOSES[p][locale]}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  <ul class="plain">
                    {c.retention.map((r) => (
                      <li>{RETENTION_RULES[r][locale]}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>{t('privacy.purposes')}</h2>
      <ul class="plain">
        {doc.purposes.map((p) => (
          <li data-purpose={p.id} data-basis={p.basisId}>
            {p.text[locale]} ({p.basis[locale]})
          </li>
        ))}
      </ul>

      <h2>{t('privacy.retention')}</h2>
      <ul class="plain">
        {doc.retention.map((r) => (
          <li data-retention={r.id}>
            {r.text[locale]} ({r.source[locale]})
          </li>
        ))}
      </ul>

      <h2>{t('privacy.processors')}</h2>
      <p>{t('privacy.processorsLead')}</p>
      <TableWrap label={t('privacy.processors')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('privacy.col.processor')}</th>
              <th scope="col">{t('privacy.col.task')}</th>
              <th scope="col">{t('privacy.col.categories')}</th>
              <th scope="col">{t('privacy.col.country')}</th>
              <th scope="col">{t('privacy.col.agreement')}</th>
            </tr>
          </thead>
          <tbody>
            {doc.processors.map((p) => (
              <tr data-processor={p.id}>
                <th scope="row">{p.name}</th>
                <td>{p.role[locale]}</td>
                <td>{p.categories.map((c) => CATEGORIES[c][locale]).join('; ')}</td>
                <td>{p.country}</td>
                <td>{formatDate(p.agreementDate, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>{t('privacy.transfers')}</h2>
      {doc.transfers.length === 0 ? (
        <p data-transfers="none">{t('privacy.noTransfers')}</p>
      ) : (
        <ul class="plain">
          {doc.transfers.map((p) => (
            <li data-transfer={p.id}>
              {p.name} ({p.country}): {p.transferSafeguard?.[locale]}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('privacy.automated')}</h2>
      <p>{t('privacy.automatedText')}</p>

      <h2 id="cookies">{t('privacy.cookiesTitle')}</h2>
      <p>{t('privacy.cookiesLead')}</p>
      <CookieTable ctx={ctx} cookies={doc.cookies} />
      <p>
        <a href="/informasjonskapsler">{t('cookies.change')}</a>
      </p>

      <h2>{t('privacy.rightsTitle')}</h2>
      <p>{t('privacy.rights')}</p>
      <ul class="plain">
        <li>{t('privacy.right.access')}</li>
        <li>{t('privacy.right.rectification')}</li>
        <li>{t('privacy.right.erasure')}</li>
        <li>{t('privacy.right.restriction')}</li>
        <li>{t('privacy.right.portability')}</li>
        <li>{t('privacy.right.objection')}</li>
        <li>{t('privacy.right.marketing')}</li>
        <li>{t('privacy.right.automated')}</li>
        <li>{t('privacy.right.consent')}</li>
      </ul>
      <p>{t('privacy.how', { contact: doc.controller.contact })}</p>

      <h2>{t('privacy.authorityTitle')}</h2>
      <p>{t('privacy.authority')}</p>
    </Layout>
  );
};
