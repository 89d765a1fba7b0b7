/** Text for the households pages; merged into the messages in i18n.ts. */
export const householdsNb = {} as const;

export const householdsEn: Record<keyof typeof householdsNb, string> = {};
