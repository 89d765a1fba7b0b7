import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import { daysBetween, MAX_REPORT_DAYS, type Resolution } from '../../modules/metering/consumption-report.ts';
import { MAX_THRESHOLD_ORE } from '../../modules/monitoring/monitoring.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { parseIsoDate } from '../../platform/time.ts';
import type { MessageKey } from '../i18n.ts';
import { ConsumptionPage, type ConsumptionQuery, RESOLUTION_PARAM } from '../pages/consumption.tsx';
import { InvoicePage, InvoicesPage } from '../pages/invoices.tsx';
import { formOf, type NotificationForm, NotificationsPage } from '../pages/notifications.tsx';
import { customerOf, formText, pageContext, sendPage } from '../request-context.ts';
import { household } from './access.ts';
import {
  AttachmentParams,
  ConsumptionQuery as ConsumptionQuerySchema,
  CsvQuery,
  NotificationsForm,
  SavedQuery,
} from './household.schemas.ts';
import type { WebOptions } from './public.ts';
import { IdParams } from './schemas.ts';

const queryText = (request: FastifyRequest, name: string): string => {
  const v = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
};

const resolutionOf = (param: string): Resolution | undefined =>
  (Object.entries(RESOLUTION_PARAM) as [Resolution, string][]).find(([, p]) => p === param)?.[0];

/** The chosen range, or the field errors that refuse it (as message keys by field). */
const rangeOf = (
  from: string,
  to: string,
): { range: { from: string; to: string } } | { errors: Record<string, MessageKey> } => {
  const errors: Record<string, MessageKey> = {};
  if (!parseIsoDate(from)) errors.fra = 'consumption.error.date';
  if (!parseIsoDate(to)) errors.til = 'consumption.error.date';
  if (Object.keys(errors).length > 0) return { errors };
  const days = daysBetween(from, to);
  if (days < 0) return { errors: { til: 'consumption.error.order' } };
  if (days >= MAX_REPORT_DAYS) return { errors: { til: 'consumption.error.long' } };
  return { range: { from, to } };
};

/** Sends a file to be saved, never shown: no page of ours can be replaced by what a seller put in a document. */
const sendDownload = (reply: FastifyReply, body: Buffer | string, contentType: string, filename: string) =>
  reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(body);

/** The household's invoices, consumption reports and notification settings. */
export const registerHouseholdRoutes = (server: FastifyInstance, app: App, options: WebOptions): void => {
  const { invoices, metering, monitoring, permissions, customers } = app.services;
  const ctx = (request: FastifyRequest, reply: FastifyReply) =>
    pageContext(request, reply, options.secureCookies);

  server.get('/fakturaer', { config: { access: household() } }, async (request, reply) => {
    const id = customerOf(request);
    return sendPage(
      reply,
      h(InvoicesPage, { ctx: ctx(request, reply), invoices: await invoices.ofCustomer(id) }),
    );
  });

  const invoiceRoute = {
    config: { access: household({ id: 'invoice' }) },
    schema: { params: IdParams },
  } as const;

  server.get<{ Params: { id: string } }>('/fakturaer/:id', invoiceRoute, async (request, reply) => {
    const id = customerOf(request);
    const invoice = await invoices.invoiceOf(id, request.params.id);
    return sendPage(
      reply,
      h(InvoicePage, { ctx: ctx(request, reply), invoice, all: await invoices.ofCustomer(id) }),
    );
  });

  // File names carry our own id, never the seller's file name or the invoice number.
  server.get<{ Params: { id: string } }>(
    '/fakturaer/:id/original.xml',
    invoiceRoute,
    async (request, reply) => {
      const id = customerOf(request);
      const xml = await invoices.originalDocument(id, request.params.id);
      return sendDownload(
        reply,
        xml,
        'application/xml; charset=utf-8',
        `elvakt-faktura-${request.params.id}.xml`,
      );
    },
  );

  const attachmentRoute = {
    config: { access: household({ id: 'invoice', n: 'attachment' }) },
    schema: { params: AttachmentParams },
  };
  server.get<{ Params: { id: string; n: string } }>(
    '/fakturaer/:id/vedlegg/:n',
    attachmentRoute,
    async (request, reply) => {
      const id = customerOf(request);
      if (!/^[1-9]\d{0,2}$/.test(request.params.n)) throw new AppError('not_found', 'No such attachment.');
      const file = await invoices.attachment(id, request.params.id, Number(request.params.n));
      return sendDownload(
        reply,
        file.bytes,
        file.contentType,
        `elvakt-faktura-${request.params.id}-vedlegg-${request.params.n}.${file.extension}`,
      );
    },
  );

  const consumptionRoute = {
    config: { access: household() },
    schema: { querystring: ConsumptionQuerySchema },
  };
  server.get('/forbruk', consumptionRoute, async (request, reply) => {
    const id = customerOf(request);
    const points = await metering.pointsOf(id);
    const page = (
      query: ConsumptionQuery | null,
      read: Awaited<ReturnType<typeof metering.consumptionReport>>,
      errors: Record<string, MessageKey> = {},
      status = 200,
    ) =>
      sendPage(
        reply,
        h(ConsumptionPage, {
          ctx: ctx(request, reply),
          points,
          query,
          report: Object.keys(errors).length > 0 ? null : (read?.report ?? null),
          measured: read?.measured ?? null,
          errors,
        }),
        status,
      );
    const point = points.find((p) => p.id === queryText(request, 'punkt')) ?? points[0];
    if (!point) return page(null, null);
    const resolution = resolutionOf(queryText(request, 'niva')) ?? 'month';
    const from = queryText(request, 'fra');
    const to = queryText(request, 'til');
    if (from === '' && to === '') {
      // Nothing chosen yet: the days that have a measurement.
      const read = await metering.consumptionReport(id, point.id, resolution);
      const chosen = read?.measured ?? { from: '', to: '' };
      return page({ point: point.id, resolution, ...chosen }, read);
    }
    const checked = rangeOf(from, to);
    const query = { point: point.id, resolution, from, to };
    if ('errors' in checked) {
      return page(query, await metering.consumptionReport(id, point.id, resolution), checked.errors, 400);
    }
    return page(query, await metering.consumptionReport(id, point.id, resolution, checked.range));
  });

  const consumptionCsvRoute = { config: { access: household() }, schema: { querystring: CsvQuery } };
  server.get('/forbruk/forbruk.csv', consumptionCsvRoute, async (request, reply) => {
    const id = customerOf(request);
    const resolution = resolutionOf(queryText(request, 'niva'));
    const checked = rangeOf(queryText(request, 'fra'), queryText(request, 'til'));
    if (!resolution || 'errors' in checked) throw new AppError('validation_failed', 'Not a valid report.');
    const csv = await metering.consumptionCsv(id, queryText(request, 'punkt'), resolution, checked.range);
    return sendDownload(
      reply,
      csv,
      'text/csv; charset=utf-8',
      `elvakt-forbruk-${RESOLUTION_PARAM[resolution]}-${checked.range.from}-${checked.range.to}.csv`,
    );
  });

  const notificationsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { form?: NotificationForm; errors?: Record<string, MessageKey>; saved?: boolean } = {},
    status = 200,
  ) => {
    const id = customerOf(request);
    const current = await monitoring.preferences(id);
    return sendPage(
      reply,
      h(NotificationsPage, {
        ctx: ctx(request, reply),
        consent: await permissions.isActive(id, 'consent', 'continued_monitoring'),
        hasPhone: (await customers.profile(id)).phone !== null,
        current,
        form: extra.form ?? formOf(current),
        saved: extra.saved ?? false,
        errors: extra.errors ?? {},
      }),
      status,
    );
  };

  server.get(
    '/varsler',
    { config: { access: household() }, schema: { querystring: SavedQuery } },
    (request, reply) => notificationsPage(request, reply, { saved: queryText(request, 'lagret') === '1' }),
  );

  const notificationsRoute = { config: { access: household() }, schema: { body: NotificationsForm } };
  server.post('/varsler', notificationsRoute, async (request, reply) => {
    const id = customerOf(request);
    const form: NotificationForm = {
      channel: formText(request.body, 'channel'),
      threshold: formText(request.body, 'threshold'),
      paused: formText(request.body, 'paused') === '1',
    };
    const errors: Record<string, MessageKey> = {};
    if (form.channel !== 'email' && form.channel !== 'sms') errors.channel = 'notify.error.channel';
    // Whole kroner, written with or without thousands separators.
    const kroner = form.threshold.replace(/[\s\u00a0\u202f.]/g, '');
    const thresholdOre = /^\d{1,6}$/.test(kroner) ? Number(kroner) * 100 : Number.NaN;
    if (!(thresholdOre >= 0 && thresholdOre <= MAX_THRESHOLD_ORE))
      errors.threshold = 'notify.error.threshold';
    if (Object.keys(errors).length > 0) return notificationsPage(request, reply, { form, errors }, 400);
    try {
      await monitoring.setPreferences(
        id,
        { channel: form.channel as 'email' | 'sms', thresholdOre, paused: form.paused },
        'customer',
      );
    } catch (e) {
      if (!isAppError(e) || e.code !== 'validation_failed') throw e;
      const noPhone = e.details.some((d) => d.at === 'channel');
      return notificationsPage(
        request,
        reply,
        {
          form,
          errors: noPhone ? { channel: 'notify.error.noPhone' } : { threshold: 'notify.error.threshold' },
        },
        400,
      );
    }
    return reply.redirect('/varsler?lagret=1', 303);
  });
};
