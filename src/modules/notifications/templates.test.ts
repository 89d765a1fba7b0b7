import { describe, expect, it } from 'vitest';
import { renderTemplate } from './templates.ts';

const saving = (basis?: string) =>
  renderTemplate('saving_found', {
    amountNb: 'kr 1 200',
    amountEn: 'NOK 1,200',
    url: 'https://elvakt.example/min-side',
    unsubscribeUrl: 'https://elvakt.example/varsler/avmeld/x',
    ...(basis ? { basis } : {}),
  }).text;

describe('the saving notice', () => {
  it('says measured only for measured hours', () => {
    expect(saving('measured')).toContain('Tallet bygger på målte timeverdier fra måleren din.');
    expect(saving('measured')).toContain('The figure is based on measured hourly values from your meter.');
  });

  it('calls a standard profile a profile, never measured, with where its yearly kWh came from', () => {
    for (const basis of ['profile-invoices', 'profile-estimate']) {
      const text = saving(basis);
      expect(text).toContain('standard forbruksprofil');
      expect(text).toContain('standard load profile');
      expect(text).not.toMatch(/målte|measured/);
    }
    expect(saving('profile-invoices')).toContain('skalert til forbruket fakturaene dine viser');
    expect(saving('profile-estimate')).toContain('et standardforbruk, og er bare et anslag');
  });

  it('says nothing of a basis a notice queued before it was recorded does not carry', () => {
    expect(saving()).not.toMatch(/bygger på|based on/);
  });
});
