import { formatOre } from '../../modules/identity/money.ts';
import type { InvoiceAttachment } from '../../modules/invoices/invoice.service.ts';
import type { StoredInvoice } from '../../modules/invoices/invoice.ts';
import type { Period } from '../../modules/invoices/ubl.ts';
import type { PageContext } from '../context.ts';
import { formatDate, formatNumber, isMessageKey, type Locale } from '../i18n.ts';
import { Layout, TableWrap } from '../layout.tsx';

const kwhFormat = {
  nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 3 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 }),
};
const formatKwh = (kwh: number, locale: Locale) => kwhFormat[locale].format(kwh);

const periodText = (p: Period | null, locale: Locale): string => {
  if (!p || (!p.start && !p.end)) return '—';
  const start = p.start ? formatDate(p.start, locale) : '';
  const end = p.end ? formatDate(p.end, locale) : '';
  return start === end ? start : `${start} – ${end}`;
};

/** kWh counted once per invoice (see electricity.ts), signed like the amounts; null when the invoice counts none. */
const kwhOf = (i: StoredInvoice): number | null =>
  i.electricity.consumption.length === 0 ? null : i.electricity.consumption.reduce((a, c) => a + c.kwh, 0);

const typeText = (ctx: PageContext, i: StoredInvoice) => ctx.t(`invoices.type.${i.summary.documentType}`);

/** A finding by its rule, in the reader's language; the checker's English message is for the command line. */
export const findingText = (ctx: PageContext, rule: string): string => {
  const key = `invoices.finding.${rule}`;
  return isMessageKey(key) ? ctx.t(key) : ctx.t('invoices.finding.other', { rule });
};

const href = (i: StoredInvoice) => `/fakturaer/${i.id}`;

/** Credit notes and what they credit, both ways, from the links stored at import. */
const Relations = ({
  ctx,
  invoice,
  all,
}: {
  ctx: PageContext;
  invoice: StoredInvoice;
  all: readonly StoredInvoice[];
}) => {
  const credited = invoice.creditsInvoiceId ? all.find((x) => x.id === invoice.creditsInvoiceId) : undefined;
  const creditedBy = all.filter((x) => x.creditsInvoiceId === invoice.id);
  if (!credited && creditedBy.length === 0) return null;
  return (
    <ul class="plain relations">
      {credited ? (
        <li>
          <a href={href(credited)}>{ctx.t('invoices.credits', { number: credited.summary.number })}</a>
        </li>
      ) : null}
      {creditedBy.map((c) => (
        <li>
          <a href={href(c)}>{ctx.t('invoices.creditedBy', { number: c.summary.number })}</a>
        </li>
      ))}
    </ul>
  );
};

export const InvoicesPage = ({ ctx, invoices }: { ctx: PageContext; invoices: readonly StoredInvoice[] }) => {
  const { t, locale } = ctx;
  const sorted = [...invoices].sort(
    (a, b) =>
      b.summary.issueDate.localeCompare(a.summary.issueDate) ||
      a.summary.number.localeCompare(b.summary.number),
  );
  return (
    <Layout ctx={ctx} title={t('invoices.title')}>
      <h1>{t('invoices.title')}</h1>
      <p>{t('invoices.lead')}</p>
      {sorted.length === 0 ? (
        <p>{t('invoices.none')}</p>
      ) : (
        <>
          <TableWrap label={t('invoices.caption')}>
            <table data-table="invoices">
              <caption>{t('invoices.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('invoices.date')}</th>
                  <th scope="col">{t('invoices.seller')}</th>
                  <th scope="col">{t('invoices.number')}</th>
                  <th scope="col">{t('invoices.kind')}</th>
                  <th scope="col">{t('invoices.period')}</th>
                  <th scope="col" class="num">
                    {t('invoices.kwh')}
                  </th>
                  <th scope="col" class="num">
                    {t('invoices.payable')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((i) => {
                  const kwh = kwhOf(i);
                  return (
                    <tr data-invoice={i.id}>
                      <td>
                        <time datetime={i.summary.issueDate}>{formatDate(i.summary.issueDate, locale)}</time>
                      </td>
                      <td>{i.summary.seller.name}</td>
                      <th scope="row">
                        <a
                          href={href(i)}
                          aria-label={t('invoices.open', {
                            kind: typeText(ctx, i),
                            number: i.summary.number,
                          })}
                        >
                          {i.summary.number}
                        </a>
                        <Relations ctx={ctx} invoice={i} all={invoices} />
                      </th>
                      <td>
                        {typeText(ctx, i)}
                        <span class="hint"> · {t(`invoices.seller.${i.summary.seller.kind}`)}</span>
                      </td>
                      <td>{periodText(i.summary.period, locale)}</td>
                      <td class="num">{kwh === null ? '—' : formatKwh(kwh, locale)}</td>
                      <td class="num">{formatOre(i.electricity.payableOre, locale)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          {sorted.some((i) => i.summary.documentType === 'credit_note') ? (
            <p class="hint">{t('invoices.signNote')}</p>
          ) : null}
        </>
      )}
    </Layout>
  );
};

const sizeKb = (bytes: number, locale: Locale) => formatNumber(Math.max(0.1, bytes / 1024), locale, 1);

export const InvoicePage = ({
  ctx,
  invoice,
  all,
}: {
  ctx: PageContext;
  invoice: StoredInvoice & { readonly attachments: readonly InvoiceAttachment[] };
  all: readonly StoredInvoice[];
}) => {
  const { t, locale } = ctx;
  const s = invoice.summary;
  const e = invoice.electricity;
  const title = t('invoices.detailTitle', { kind: typeText(ctx, invoice), number: s.number });
  const lineSum = e.lines.reduce((a, l) => a + l.amountOre, 0);
  const product = e.product;
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href="/fakturaer">{t('invoices.back')}</a>
      </p>
      <h1>{title}</h1>
      <dl>
        <dt>{t('invoices.seller')}</dt>
        <dd>
          {s.seller.name} <span class="hint">({t(`invoices.seller.${s.seller.kind}`)})</span>
        </dd>
        {s.seller.orgnr ? (
          <>
            <dt>{t('invoices.orgnr')}</dt>
            <dd>{s.seller.orgnr}</dd>
          </>
        ) : null}
        <dt>{t('invoices.issueDate')}</dt>
        <dd>
          <time datetime={s.issueDate}>{formatDate(s.issueDate, locale)}</time>
        </dd>
        {s.dueDate ? (
          <>
            <dt>{t('invoices.dueDate')}</dt>
            <dd>
              <time datetime={s.dueDate}>{formatDate(s.dueDate, locale)}</time>
            </dd>
          </>
        ) : null}
        <dt>{t('invoices.period')}</dt>
        <dd>{periodText(s.period, locale)}</dd>
        {s.meteringPointIds.length > 0 ? (
          <>
            <dt>{t('invoices.meteringPoints')}</dt>
            <dd>{s.meteringPointIds.join(', ')}</dd>
          </>
        ) : null}
        {product ? (
          <>
            <dt>{t('invoices.product')}</dt>
            <dd>
              {t('invoices.productBasis', {
                type: t(`invoices.product.${product.type}`),
                confidence: t(`invoices.confidence.${product.confidence}`),
                basis: product.basis,
              })}
            </dd>
          </>
        ) : null}
        <dt>{t('invoices.payable')}</dt>
        <dd data-payable={String(e.payableOre)}>{formatOre(e.payableOre, locale)}</dd>
      </dl>
      <Relations ctx={ctx} invoice={invoice} all={all} />
      <section aria-labelledby="lines">
        <h2 id="lines">{t('invoices.linesTitle')}</h2>
        <TableWrap labelledBy="lines">
          <table data-table="lines">
            <caption>{t('invoices.linesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('invoices.line')}</th>
                <th scope="col">{t('invoices.text')}</th>
                <th scope="col">{t('invoices.meaning')}</th>
                <th scope="col">{t('invoices.period')}</th>
                <th scope="col" class="num">
                  {t('invoices.kwh')}
                </th>
                <th scope="col" class="num">
                  {t('invoices.orePerKwh')}
                </th>
                <th scope="col" class="num">
                  {t('invoices.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {e.lines.map((l) => (
                <tr>
                  <th scope="row">{l.lineId}</th>
                  <td>{l.name ?? '—'}</td>
                  <td>{t(`invoices.kind.${l.kind}`)}</td>
                  <td>{periodText({ start: l.start, end: l.end }, locale)}</td>
                  <td class="num">{l.kwh === null ? '—' : formatKwh(l.kwh, locale)}</td>
                  <td class="num">{l.orePerKwh === null ? '—' : formatNumber(l.orePerKwh, locale, 2)}</td>
                  <td class="num">{formatOre(l.amountOre, locale)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={6}>
                  {t('invoices.lineSum')}
                </th>
                <td class="num">{formatOre(lineSum, locale)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={6}>
                  {t('invoices.vat')}
                </th>
                <td class="num">{formatOre(e.vatOre, locale)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={6}>
                  {t('invoices.payable')}
                </th>
                <td class="num">{formatOre(e.payableOre, locale)}</td>
              </tr>
            </tfoot>
          </table>
        </TableWrap>
        {e.unknownLines > 0 ? <p class="hint">{t('invoices.unknownLines', { n: e.unknownLines })}</p> : null}
        {s.documentType === 'credit_note' ? <p class="hint">{t('invoices.signNote')}</p> : null}
      </section>
      {invoice.findings.length > 0 ? (
        <details>
          <summary>{t('invoices.findings')}</summary>
          <ul class="plain">
            {invoice.findings.map((f) => (
              <li>
                {f.rule}: {findingText(ctx, f.rule)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <section aria-labelledby="downloads">
        <h2 id="downloads">{t('invoices.downloads')}</h2>
        <ul class="plain">
          <li>
            <a href={`/fakturaer/${invoice.id}/original.xml`} download>
              {t('invoices.downloadOriginal')}
            </a>
          </li>
          {invoice.attachments.map((a) => (
            <li>
              <a href={`/fakturaer/${invoice.id}/vedlegg/${a.index}`} download>
                {t('invoices.downloadAttachment', {
                  name: a.description ?? t('invoices.attachment', { n: a.index }),
                  type: a.mimeCode === 'application/pdf' ? 'PDF' : (a.mimeCode ?? '?'),
                  size: sizeKb(a.bytes, locale),
                })}
              </a>
            </li>
          ))}
        </ul>
        <p class="hint">{t('invoices.downloadNote')}</p>
      </section>
      <p class="muted">{t('invoices.keepUntil', { date: formatDate(invoice.keepUntil, locale) })}</p>
    </Layout>
  );
};
