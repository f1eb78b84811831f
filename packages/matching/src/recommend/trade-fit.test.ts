import { describe, expect, it } from 'vitest';
import { compareTrades, tradeFit, TRADE_FIT } from './trade-fit.js';

describe('trade fit through the ROME hierarchy', () => {
  it('ranks same fiche > same domaine professionnel > same grand domaine > none', () => {
    expect(compareTrades('M1805', 'M1805')).toBe('fiche');
    expect(compareTrades('M1805', 'M1810')).toBe('domaine');
    expect(compareTrades('M1805', 'M1607')).toBe('grand-domaine');
    expect(compareTrades('M1805', 'F1703')).toBe('none');
    expect(TRADE_FIT.fiche).toBeGreaterThan(TRADE_FIT.domaine);
    expect(TRADE_FIT.domaine).toBeGreaterThan(TRADE_FIT['grand-domaine']);
    expect(TRADE_FIT['grand-domaine']).toBeGreaterThan(TRADE_FIT.none);
  });

  it('takes the closest pair among several codes and says which', () => {
    expect(tradeFit(['F1703', 'G1602'], ['G1603', 'M1805'])).toEqual({
      match: 'domaine',
      fit: TRADE_FIT.domaine,
      codes: ['G1602', 'G1603'],
    });
    expect(tradeFit(['F1703'], ['J1506'])).toEqual({ match: 'none', fit: 0 });
    expect(tradeFit([], ['J1506']).fit).toBe(0);
  });
});
