import type { BatchOffer } from './offers.ts';

/** Reproducible test data from a seed: a 32-bit linear congruential generator is plenty. */
export const random = (seed: number) => {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
};

export const randomOffers = (seed: number, count: number, skipArea?: number): BatchOffer[] => {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const areas = [0, 1, 2, 3, 4].filter((a) => a !== skipArea && next() < 0.6);
    const fixed = next() < 0.25;
    return {
      type: fixed ? 'fixed' : 'spot',
      areas: areas.length > 0 ? areas : [skipArea === 0 ? 1 : 0],
      markup: fixed ? 0 : next() * 0.13 - 0.01,
      fixedPrice: fixed ? 0.6 + next() * 0.8 : 0,
      monthlyFee: Math.round(next() * 6900) / 100,
    };
  });
};
