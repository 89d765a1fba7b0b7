import type { PageContext } from '../context.ts';
import { CsrfField, Layout, Notice } from '../layout.tsx';

/** The unsubscribe link's page: a button, so a mail scanner following the link changes nothing. */
export const UnsubscribePage = ({
  ctx,
  state,
  action,
}: {
  ctx: PageContext;
  state: 'ask' | 'done' | 'invalid';
  action: string;
}) => {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('unsubscribe.title')}>
      <h1>{t('unsubscribe.title')}</h1>
      {state === 'ask' ? (
        <>
          <p>{t('unsubscribe.lead')}</p>
          <form method="post" action={action}>
            <CsrfField ctx={ctx} />
            <button type="submit">{t('unsubscribe.confirm')}</button>
          </form>
        </>
      ) : (
        <Notice kind={state === 'done' ? 'info' : 'error'}>
          {state === 'done' ? t('unsubscribe.done') : t('unsubscribe.invalid')}
        </Notice>
      )}
    </Layout>
  );
};
