import { describe, expect, it } from 'vitest';
import { problemOf, setupApp } from './helper.js';

const ctx = setupApp();

describe('reference data', () => {
  it('lists the 47 communes of Val-de-Marne with centroids inside the département', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/communes' });
    expect(res.statusCode).toBe(200);
    const communes = res.json() as { code: string; name: string; lat: number; lon: number }[];
    expect(communes).toHaveLength(47);
    const creteil = communes.find((c) => c.code === '94028')!;
    expect(creteil.name).toBe('Créteil');
    // Créteil's centre is about 48.78 N, 2.46 E.
    expect(creteil.lat).toBeCloseTo(48.78, 1);
    expect(creteil.lon).toBeCloseTo(2.45, 1);
    for (const c of communes) {
      expect(c.lat).toBeGreaterThan(48.68);
      expect(c.lat).toBeLessThan(48.87);
      expect(c.lon).toBeGreaterThan(2.3);
      expect(c.lon).toBeLessThan(2.62);
    }
  });

  it('has the 14 grands domaines and 532 fiches of the ROME', async () => {
    const domains = (await ctx.app.inject({ method: 'GET', url: '/api/trade-domains' })).json();
    expect(domains).toHaveLength(14);
    expect(domains.reduce((n: number, d: { tradeCount: number }) => n + d.tradeCount, 0)).toBe(532);
  });

  it('finds trades by label without accents and by code', async () => {
    const byLabel = (
      await ctx.app.inject({ method: 'GET', url: '/api/trades?q=electricite' })
    ).json();
    expect(byLabel.length).toBeGreaterThan(0);
    expect(byLabel.every((t: { label: string }) => /électricit/i.test(t.label))).toBe(true);
    const byCode = (await ctx.app.inject({ method: 'GET', url: '/api/trades?q=M1805' })).json();
    expect(byCode).toEqual([{ code: 'M1805', label: expect.any(String), domainCode: 'M' }]);
  });

  it('treats LIKE wildcards in the query as plain text', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/trades?q=%25' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
  });

  it('refuses a bad domain filter with 400 naming query.domain', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/trades?domain=Z' });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res).errors?.[0]?.field).toBe('query.domain');
  });
});
