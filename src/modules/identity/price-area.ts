/** The five Norwegian bidding zones of the day-ahead market, with their ENTSO-E EIC codes. */
export const PRICE_AREAS = ['NO1', 'NO2', 'NO3', 'NO4', 'NO5'] as const;
export type PriceArea = (typeof PRICE_AREAS)[number];

export const PRICE_AREA_EIC: Record<PriceArea, string> = {
  NO1: '10YNO-1--------2',
  NO2: '10YNO-2--------T',
  NO3: '10YNO-3--------J',
  NO4: '10YNO-4--------9',
  NO5: '10Y1001A1001A48H',
};

export const PRICE_AREA_NAMES: Record<PriceArea, string> = {
  NO1: 'Øst-Norge',
  NO2: 'Sør-Norge',
  NO3: 'Midt-Norge',
  NO4: 'Nord-Norge',
  NO5: 'Vest-Norge',
};

export const parsePriceArea = (input: string): PriceArea | undefined => {
  const value = input.trim().toUpperCase().replace(/\s/g, '');
  return (PRICE_AREAS as readonly string[]).includes(value) ? (value as PriceArea) : undefined;
};
