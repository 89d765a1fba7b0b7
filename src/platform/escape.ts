/** Text for an HTML or XML attribute or element we write by hand: the five characters that could end it, escaped. */
export const escapeMarkup = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
