/** Text for the notification pages; merged into the messages in i18n.ts. */
export const monitoringNb = {
  'unsubscribe.title': 'Slutt å få varsler',
  'unsubscribe.lead':
    'Vil du ikke lenger få beskjed når du kan spare på strømmen? Da stopper vi alle slike varsler. Samtykket ditt og beregningene på Min side er som før.',
  'unsubscribe.confirm': 'Stopp varslene',
  'unsubscribe.done':
    'Du får ikke flere varsler om besparelser. Du kan slå dem på igjen på Min side, eller trekke samtykket til overvåking på siden for samtykker.',
  'unsubscribe.invalid':
    'Lenken er ikke gyldig lenger. Logg inn for å se og endre varslene dine, eller trekk samtykket til overvåking.',
};

export const monitoringEn: Record<keyof typeof monitoringNb, string> = {
  'unsubscribe.title': 'Stop notifications',
  'unsubscribe.lead':
    'No longer want to hear when you could save on electricity? Then we stop every such message. Your consent and the figures on My page stay as they are.',
  'unsubscribe.confirm': 'Stop the messages',
  'unsubscribe.done':
    'You will get no more messages about savings. You can turn them on again on My page, or withdraw the consent to monitoring on the consents page.',
  'unsubscribe.invalid':
    'This link is no longer valid. Sign in to see and change your notifications, or withdraw the consent to monitoring.',
};
