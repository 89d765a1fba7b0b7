/** A valid fødselsnummer for 1 January 1980 with individual number `n` (100–499). */
export const identityNumber = (n: number): string => {
  for (let i = n; i < 500; i++) {
    const d = `010180${String(i).padStart(3, '0')}`.split('').map(Number);
    const k1 = 11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, j) => s + w * (d[j] ?? 0), 0) % 11);
    const c1 = k1 === 11 ? 0 : k1;
    if (c1 === 10) continue;
    const e = [...d, c1];
    const k2 = 11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, j) => s + w * (e[j] ?? 0), 0) % 11);
    const c2 = k2 === 11 ? 0 : k2;
    if (c2 === 10) continue;
    return [...e, c2].join('');
  }
  throw new Error('no identity number left');
};
