import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { App } from '../../app.ts';
import type { PermissionState } from '../../modules/consents/permission.ts';
import { PERMISSION_TEXTS, type PermissionText } from '../../modules/consents/permission-texts.ts';
import type { PriceArea } from '../../modules/identity/price-area.ts';
import type { Offer } from '../../modules/market/offers.ts';
import type { ErasureReceipt } from '../../modules/privacy/erasure.service.ts';
import { monthCoverage } from '../../modules/savings/month-coverage.ts';
import type { MeteringPointSavings } from '../../modules/savings/savings.service.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import { decodeText } from '../../platform/text-decoding.ts';
import { formatNumber, renderUserMessage, translator } from '../i18n.ts';
import { partialText } from '../pages/basis.tsx';
import { ConsentsPage, OnboardingDonePage, OnboardingStepPage } from '../pages/consents.tsx';
import { MinSidePage, type PointView } from '../pages/min-side.tsx';
import { ConfirmEndPage } from '../pages/my-data.tsx';
import { SavingsDetailPage } from '../pages/savings-detail.tsx';
import { AUTH_COOKIE, customerOf, fieldErrors, formText, pageContext, sendPage } from '../request-context.ts';
import { household } from './access.ts';
import { ConsentsForm, MeteringPointForm, OfferForm, StepForm, StepParams } from './customer.schemas.ts';
import type { WebOptions } from './public.ts';
import { ERASED_PATH } from './rights.ts';
import { IdParams } from './schemas.ts';

const CONFIRM_END_PATH = '/samtykke/avslutt';

/** The signed-in household's pages: consents and Min side with the savings. */
export const registerCustomerRoutes = (server: FastifyInstance, app: App, options: WebOptions): void => {
  const { customers, permissions, metering, market, savings, erasure, restrictions, invoiceFetch } =
    app.services;
  const ctx = (request: FastifyRequest, reply: FastifyReply) =>
    pageContext(request, reply, options.secureCookies);

  const consentItems = async (customerId: string) => {
    const states = await permissions.states(customerId);
    return PERMISSION_TEXTS.flatMap((text, i) => {
      const state = states[i];
      return state ? [{ text, state }] : [];
    });
  };

  /** Both Elhub powers of attorney and the consent: what fetching from the metering source needs. */
  const readyToFetch = async (id: string) =>
    (await permissions.isActive(id, 'consent', 'invoice_analysis')) &&
    (await permissions.isActive(id, 'power_of_attorney', 'elhub_master_data')) &&
    (await permissions.isActive(id, 'power_of_attorney', 'elhub_metering_values'));

  const fetchFromSource = async (id: string) => {
    const profile = await customers.profile(id);
    await metering.fetchFromSource(id, profile.identityNumber);
  };

  /** The consent and the power of attorney for invoice fetching: what fetching from the bank needs. */
  const readyToFetchInvoices = async (id: string) =>
    invoiceFetch.enabled &&
    (await permissions.isActive(id, 'consent', 'invoice_analysis')) &&
    (await permissions.isActive(id, 'power_of_attorney', 'invoice_fetching'));

  /**
   * Fetched as soon as the household allows it, not at the next scheduled run. A bank that
   * does not answer must not undo what the household just gave: the scheduled run tries again.
   */
  const fetchInvoices = async (id: string) => {
    try {
      await invoiceFetch.fetchFor(id, 'customer');
    } catch (e) {
      app.logger.warn(
        { code: isAppError(e) ? e.code : 'internal' },
        'invoice fetch after a new power of attorney failed',
      );
    }
  };

  server.get('/samtykke', { config: { access: household() } }, async (request, reply) => {
    const id = customerOf(request);
    const history = await permissions.history(id);
    return sendPage(
      reply,
      h(ConsentsPage, {
        ctx: ctx(request, reply),
        items: await consentItems(id),
        history,
        uses: await permissions.uses(id),
        // Sign-up and sign-in land here; someone who has never decided anything gets the guide first.
        firstVisit: history.length === 0,
      }),
    );
  });

  /** The step of the guide named in the path (1 to the number of texts), or a 404. */
  const stepOf = (raw: string): number => {
    const n = /^\d{1,2}$/.test(raw) ? Number(raw) : 0;
    if (n < 1 || n > PERMISSION_TEXTS.length) throw new AppError('not_found', 'No such step.');
    return n;
  };

  const stepPage = async (request: FastifyRequest, reply: FastifyReply, step: number, error?: string) => {
    const id = customerOf(request);
    const text = PERMISSION_TEXTS[step - 1] as PermissionText;
    const state = (await permissions.states(id))[step - 1] as PermissionState;
    return sendPage(
      reply,
      h(OnboardingStepPage, {
        ctx: ctx(request, reply),
        step,
        total: PERMISSION_TEXTS.length,
        text,
        state,
        error,
      }),
      error ? 409 : 200,
    );
  };

  const stepRoute = { config: { access: household({ n: 'onboarding_step' }) } } as const;

  server.get<{ Params: { n: string } }>(
    '/samtykke/steg/:n',
    { ...stepRoute, schema: { params: StepParams } },
    (request, reply) => stepPage(request, reply, stepOf(request.params.n)),
  );

  /**
   * A step is given only by its own button, with the version of the text that step showed;
   * skipping records nothing. Giving never ends anything, so the guide needs no
   * confirmation page: withdrawing happens on the one-page form.
   */
  const stepFormRoute = { ...stepRoute, schema: { params: StepParams, body: StepForm } };
  server.post<{ Params: { n: string } }>('/samtykke/steg/:n', stepFormRoute, async (request, reply) => {
    const id = customerOf(request);
    const step = stepOf(request.params.n);
    const text = PERMISSION_TEXTS[step - 1] as PermissionText;
    if (formText(request.body, 'decision') === 'give') {
      const wasReady = await readyToFetch(id);
      const wasReadyForInvoices = await readyToFetchInvoices(id);
      try {
        await permissions.change(
          id,
          [
            {
              kind: text.kind,
              scope: text.scope,
              textVersion: formText(request.body, 'version'),
              give: true,
            },
          ],
          'web-onboarding',
        );
      } catch (e) {
        if (!isAppError(e) || e.code !== 'conflict') throw e;
        return stepPage(request, reply, step, translator(request.locale)('error.field.text_outdated'));
      }
      if (!wasReady && (await readyToFetch(id))) await fetchFromSource(id);
      if (!wasReadyForInvoices && (await readyToFetchInvoices(id))) await fetchInvoices(id);
    }
    const next = step < PERMISSION_TEXTS.length ? `/samtykke/steg/${step + 1}` : '/samtykke/ferdig';
    return reply.redirect(next, 303);
  });

  server.get('/samtykke/ferdig', { config: { access: household() } }, async (request, reply) => {
    const id = customerOf(request);
    return sendPage(
      reply,
      h(OnboardingDonePage, { ctx: ctx(request, reply), items: await consentItems(id) }),
    );
  });

  server.get(CONFIRM_END_PATH, { config: { access: household() } }, async (request, reply) => {
    const id = customerOf(request);
    const asked = options.flash.take(request, reply, id, 'confirmEnd');
    if (!asked) return reply.redirect('/samtykke', 303);
    return sendPage(
      reply,
      h(ConfirmEndPage, { ctx: ctx(request, reply), items: await erasure.preview(id), body: asked.body }),
    );
  });

  const consentsRoute = { config: { access: household() }, schema: { body: ConsentsForm } };
  server.post('/samtykke', consentsRoute, async (request, reply) => {
    const id = customerOf(request);
    const changes = PERMISSION_TEXTS.map((text) => {
      const key = `${text.kind}-${text.scope}`;
      return {
        kind: text.kind,
        scope: text.scope,
        textVersion: formText(request.body, `version:${key}`),
        give: formText(request.body, key) === '1',
      };
    });
    // Withdrawing the consent the service depends on ends the customer relationship: say so, and ask again.
    const endsRelationship =
      changes.some((c) => c.scope === 'invoice_analysis' && !c.give) &&
      (await permissions.isActive(id, 'consent', 'invoice_analysis'));
    if (endsRelationship && formText(request.body, 'confirmEnd') !== '1') {
      // Asked on a page of its own after a redirect, so a reload never sends the choices again.
      const body = Object.fromEntries(
        Object.entries(request.body as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf',
        ),
      );
      options.flash.put(reply, id, { kind: 'confirmEnd', body });
      return reply.redirect(CONFIRM_END_PATH, 303);
    }
    const wasReadyForInvoices = await readyToFetchInvoices(id);
    let receipt: ErasureReceipt | undefined;
    try {
      // The withdrawal and the erasure it causes commit together, or neither does.
      if (endsRelationship)
        receipt = await erasure.endRelationship(id, 'customer', (tx) =>
          permissions.change(id, changes, 'web', tx),
        );
      else await permissions.change(id, changes, 'web');
    } catch (e) {
      if (!isAppError(e) || e.code !== 'conflict') throw e;
      const c = ctx(request, reply);
      return sendPage(
        reply,
        h(ConsentsPage, {
          ctx: c,
          items: await consentItems(id),
          history: await permissions.history(id),
          uses: await permissions.uses(id),
          error: c.t('error.field.text_outdated'),
        }),
        409,
      );
    }
    if (receipt) {
      reply.clearCookie(AUTH_COOKIE, { path: '/' });
      request.session = undefined;
      // Signed out now: the receipt waits for this browser alone, on the page after.
      options.flash.put(reply, null, {
        kind: 'erased',
        items: receipt.items,
        completed: receipt.completed,
        ended: true,
      });
      return reply.redirect(ERASED_PATH, 303);
    }
    if (await readyToFetch(id)) await fetchFromSource(id);
    if (!wasReadyForInvoices && (await readyToFetchInvoices(id))) await fetchInvoices(id);
    return reply.redirect('/min-side', 303);
  });

  const minSide = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { notice?: { kind: 'info' | 'error'; lines: string[] }; errors?: Record<string, string> } = {},
    status = 200,
  ) => {
    const id = customerOf(request);
    const profile = await customers.profile(id);
    const needConsent = !(await permissions.isActive(id, 'consent', 'invoice_analysis'));
    // A restriction stops the analysis; the page says so instead of computing anything.
    const restricted = !needConsent && !(await restrictions.mayProcess(id, 'savings_analysis'));
    const views: PointView[] = [];
    if (!needConsent && !restricted) {
      const results = await savings.forCustomer(id);
      const offersByArea = new Map<string, Offer[]>();
      for (const s of results) {
        const area = s.meteringPoint.priceArea;
        if (!offersByArea.has(area))
          offersByArea.set(
            area,
            await market.offersAvailable(area as PriceArea, s.meteringPoint.customerType),
          );
        views.push({ point: s.meteringPoint, savings: s, offers: offersByArea.get(area) ?? [] });
      }
    }
    return sendPage(
      reply,
      h(MinSidePage, {
        ctx: ctx(request, reply),
        name: profile.name,
        needConsent,
        views,
        notice: restricted
          ? { kind: 'info', lines: [translator(request.locale)('myData.restricted')] }
          : (extra.notice ??
            (status === 200 ? options.flash.take(request, reply, id, 'notice')?.notice : undefined)),
        errors: extra.errors ?? {},
      }),
      status,
    );
  };

  server.get('/min-side', { config: { access: household() } }, (request, reply) => minSide(request, reply));

  const newPointRoute = { config: { access: household() }, schema: { body: MeteringPointForm } };
  server.post('/min-side/malepunkt', newPointRoute, async (request, reply) => {
    const id = customerOf(request);
    try {
      // The service asks the consent and the restriction gate itself.
      await metering.addMeteringPoint(
        id,
        {
          meteringPointId: formText(request.body, 'meteringPointId'),
          priceArea: formText(request.body, 'priceArea'),
          countyCode: formText(request.body, 'countyCode') || null,
        },
        'customer',
      );
    } catch (e) {
      if (!isAppError(e) || e.code !== 'validation_failed') throw e;
      return minSide(request, reply, { errors: fieldErrors(e) }, 400);
    }
    return reply.redirect('/min-side', 303);
  });

  const pointRoute = {
    config: { access: household({ id: 'metering_point' }) },
    schema: { params: IdParams },
  } as const;

  const offerChoiceRoute = { ...pointRoute, schema: { params: IdParams, body: OfferForm } };
  server.post<{ Params: { id: string } }>(
    '/min-side/malepunkt/:id/avtale',
    offerChoiceRoute,
    async (request, reply) => {
      const id = customerOf(request);
      const offerId = formText(request.body, 'offerId') || null;
      if (offerId && !(await market.offer(offerId)))
        throw new AppError('validation_failed', 'Unknown offer.');
      await metering.setCurrentOffer(id, request.params.id, offerId);
      return reply.redirect('/min-side', 303);
    },
  );

  // The upload is a file: its shape is checked by the reader, which refuses what it cannot read.
  server.post<{ Params: { id: string } }>(
    '/min-side/malepunkt/:id/forbruk',
    pointRoute,
    async (request, reply) => {
      const id = customerOf(request);
      // Another household's point is not found, whatever was uploaded to it.
      await metering.point(id, request.params.id);
      const file = (request.body as Record<string, unknown> | undefined)?.file;
      if (!(file instanceof Buffer))
        throw new AppError('validation_failed', 'No file was uploaded.', [], {
          userMessage: { key: 'upload.noFile' },
        });
      const t = translator(request.locale);
      const decoded = decodeText(file);
      if (!decoded.ok)
        return minSide(request, reply, { notice: { kind: 'error', lines: [t('upload.notUtf8')] } }, 400);
      // The service asks the consent and the restriction gate itself.
      const report = await metering.importElhubCsv(id, request.params.id, decoded.text);
      // A month counts as a month of data by the rule the saving uses; one day of May is not May.
      const coverage = report.presence.map((m) => monthCoverage(m.month, m.hours, m.days));
      const lines = [
        t('upload.result', {
          stored: formatNumber(report.stored, request.locale),
          months: formatNumber(coverage.filter((c) => c.counts).length, request.locale),
          rejected: formatNumber(report.rejected.length, request.locale),
        }),
        ...coverage.filter((c) => !c.counts).map((c) => partialText(ctx(request, reply), c)),
        // The reader's refusals as keys, so they read in the page's language.
        ...report.rejected.slice(0, 10).map((r) => renderUserMessage(request.locale, r)),
      ];
      // Nothing stored: the form again with why, and a reload changes nothing either.
      if (report.stored === 0) return minSide(request, reply, { notice: { kind: 'error', lines } }, 422);
      // Stored: the answer is a redirect, so a reload shows Min side (with the saving worked
      // out again from what was just stored) instead of uploading the file once more.
      options.flash.put(reply, id, { kind: 'notice', notice: { kind: 'info', lines } });
      return reply.redirect('/min-side', 303);
    },
  );

  server.get<{ Params: { id: string } }>('/min-side/malepunkt/:id', pointRoute, async (request, reply) => {
    const id = customerOf(request);
    const s: MeteringPointSavings = await savings.forMeteringPoint(id, request.params.id);
    return sendPage(reply, h(SavingsDetailPage, { ctx: ctx(request, reply), s }));
  });
};
