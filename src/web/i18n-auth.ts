/** Text for the auth pages; merged into the messages in i18n.ts. */
export const authNb = {} as const;

export const authEn: Record<keyof typeof authNb, string> = {};
