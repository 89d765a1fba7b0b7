/** Text for the onboarding pages; merged into the messages in i18n.ts. */
export const onboardingNb = {} as const;

export const onboardingEn: Record<keyof typeof onboardingNb, string> = {};
