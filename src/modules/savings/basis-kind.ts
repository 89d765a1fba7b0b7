/**
 * What a saving was computed from. The savings service prices a metering point's measured
 * hours when it has any, and otherwise a standard load profile over the last twelve months
 * scaled to a yearly kWh (from the invoices, or the standard year); it never joins the two,
 * so there is no third kind. Every page, notice and export that states a basis states it
 * from this value, and a switch over it that misses a kind does not compile.
 */
export type BasisKind =
  | { readonly kind: 'measured' }
  | {
      readonly kind: 'profile';
      readonly annualKwh: number;
      /** Where the yearly kWh came from: the point's invoices, or the standard year. */
      readonly source: 'invoices' | 'estimate';
    };

/** The basis as one word, for stored rows, exports and messages. */
export type BasisCode = 'measured' | 'profile-invoices' | 'profile-estimate';

export const BASIS_CODES: readonly BasisCode[] = ['measured', 'profile-invoices', 'profile-estimate'];

export const basisKindOf = (
  profile: { readonly annualKwh: number; readonly source: 'invoices' | 'estimate' } | null | undefined,
): BasisKind =>
  profile ? { kind: 'profile', annualKwh: profile.annualKwh, source: profile.source } : { kind: 'measured' };

export const basisCode = (b: BasisKind): BasisCode => {
  switch (b.kind) {
    case 'measured':
      return 'measured';
    case 'profile':
      return b.source === 'invoices' ? 'profile-invoices' : 'profile-estimate';
  }
};
