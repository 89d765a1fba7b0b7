import type { Locale, Translate } from './i18n.ts';

/** What every page needs to render: language, the CSRF token for its forms, who is signed in. */
export interface PageContext {
  readonly locale: Locale;
  readonly t: Translate;
  readonly csrf: string;
  readonly signedIn: boolean;
  readonly path: string;
  /** No valid cookie choice for this version yet, and the browser did not already say no. */
  readonly cookieBanner: boolean;
}
