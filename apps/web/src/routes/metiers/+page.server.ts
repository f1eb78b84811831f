import type { Trade, TradeDomain } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get('q')?.trim() ?? '';
  const domain = event.url.searchParams.get('domaine') ?? '';
  const client = api(event);
  const validDomain = /^[A-N]$/.test(domain) ? domain : '';
  const [domains, trades] = await Promise.all([
    client.get<TradeDomain[]>('/api/trade-domains'),
    q || validDomain
      ? client.get<Trade[]>('/api/trades', { q, domain: validDomain, limit: 600 })
      : Promise.resolve(null),
  ]);
  return { domains, trades, q, domain: validDomain };
};
