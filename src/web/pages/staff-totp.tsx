import type { Enrolment } from '../../modules/auth/staff-second-factor.service.ts';
import type { PageContext } from '../context.ts';
import { CsrfField, Notice, TextField } from '../layout.tsx';
import { StaffLayout } from './staff.tsx';

const CodeForm = ({ ctx, submit }: { ctx: PageContext; submit: string }) => (
  <form method="post" action="/ansatt/logg-inn/kode" class="stack">
    <CsrfField ctx={ctx} />
    <TextField
      ctx={ctx}
      errors={{}}
      name="code"
      label={ctx.t('staffTotp.code')}
      autocomplete="one-time-code"
      inputmode="numeric"
      required
    />
    <div>
      <button type="submit">{submit}</button>
    </div>
  </form>
);

/** The second step of a staff sign-in: the code from the authenticator app. */
export const StaffCodePage = ({
  ctx,
  error,
  locked = false,
}: {
  ctx: PageContext;
  error?: string | undefined;
  locked?: boolean;
}) => {
  const { t } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={null} title={t('staffTotp.title')}>
      <h1>{t('staffTotp.title')}</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {locked ? (
        <p>
          <a href="/ansatt/logg-inn">{t('staffTotp.restart')}</a>
        </p>
      ) : (
        <>
          <p>{t('staffTotp.lead')}</p>
          <CodeForm ctx={ctx} submit={t('staffTotp.submit')} />
        </>
      )}
    </StaffLayout>
  );
};

/**
 * Enrolment at the first sign-in: the otpauth:// URI as a QR code (drawn on the server as
 * inline SVG) and as text, and the key in groups of four for typing by hand; the first
 * right code confirms it.
 */
export const StaffEnrolPage = ({
  ctx,
  enrolment,
  qr,
  error,
}: {
  ctx: PageContext;
  enrolment: Enrolment;
  qr: { size: number; path: string } | undefined;
  error?: string | undefined;
}) => {
  const { t } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={null} title={t('staffTotp.enrol.title')}>
      <h1>{t('staffTotp.enrol.title')}</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <p>{t('staffTotp.enrol.lead')}</p>
      {qr ? (
        <svg
          class="qr"
          xmlns="http://www.w3.org/2000/svg"
          viewBox={`0 0 ${qr.size} ${qr.size}`}
          width={qr.size * 5}
          height={qr.size * 5}
          role="img"
          aria-label={t('staffTotp.enrol.qr')}
          shape-rendering="crispEdges"
        >
          <rect width={qr.size} height={qr.size} fill="#fff" />
          <path d={qr.path} fill="#000" />
        </svg>
      ) : null}
      <dl>
        <dt>{t('staffTotp.enrol.secret')}</dt>
        <dd>
          <code data-totp-secret>{enrolment.secret}</code>
        </dd>
        <dt>{t('staffTotp.enrol.uri')}</dt>
        <dd>
          <code data-otpauth-uri>{enrolment.uri}</code>
        </dd>
      </dl>
      <p class="hint">{t('staffTotp.enrol.settings')}</p>
      <p class="hint">{t('staffTotp.enrol.private')}</p>
      <CodeForm ctx={ctx} submit={t('staffTotp.enrol.submit')} />
    </StaffLayout>
  );
};

/**
 * The first sign-in with a password an administrator made: the member chooses their own
 * before anything else (the second factor is set up next). The first password stops working
 * here, so whoever else saw it holds nothing.
 */
export const StaffNewPasswordPage = ({
  ctx,
  errors,
}: {
  ctx: PageContext;
  errors: Record<string, string>;
}) => {
  const { t } = ctx;
  return (
    <StaffLayout ctx={ctx} staff={null} title={t('staffPassword.title')}>
      <h1>{t('staffPassword.title')}</h1>
      <p>{t('staffPassword.lead')}</p>
      <form method="post" action="/ansatt/logg-inn/nytt-passord" class="stack">
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          errors={errors}
          name="password"
          type="password"
          label={t('staffPassword.new')}
          hint={t('staffPassword.hint')}
          autocomplete="new-password"
          minLength={12}
          required
        />
        <TextField
          ctx={ctx}
          errors={errors}
          name="repeat"
          type="password"
          label={t('staffPassword.repeat')}
          autocomplete="new-password"
          minLength={12}
          required
        />
        <div>
          <button type="submit">{t('staffPassword.submit')}</button>
        </div>
      </form>
    </StaffLayout>
  );
};

/**
 * After the company's single sign-on: a page of our own that moves on at once (a Refresh
 * header) rather than a redirect, since the request came from the provider's site and a
 * SameSite=Strict session cookie is kept off any redirect that follows it.
 */
export const StaffSignedInPage = ({ ctx, home }: { ctx: PageContext; home: string }) => (
  <StaffLayout ctx={ctx} staff={null} title={ctx.t('staffOidc.signedIn')}>
    <h1>{ctx.t('staffOidc.signedIn')}</h1>
    <p>
      <a class="button" href={home}>
        {ctx.t('staffOidc.continue')}
      </a>
    </p>
  </StaffLayout>
);
