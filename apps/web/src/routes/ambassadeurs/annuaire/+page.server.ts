import type { AmbassadorPage, Commune, Trade, TradeDomain } from '@tremplin/contracts';
import { api } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import { tradeCodesIn } from '../format';
import type { PageServerLoad } from './$types';

const FORMATS = ['talk', 'workplace_visit', 'video'];

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'teacher', 'school_admin', 'operator');
  const params = event.url.searchParams;
  const domain = /^[A-N]$/.test(params.get('domaine') ?? '') ? params.get('domaine')! : '';
  const tradeText = params.get('metier')?.trim() ?? '';
  const [code] = tradeCodesIn([tradeText]);
  const commune = /^\d[\dAB]\d{3}$/.test(params.get('commune') ?? '') ? params.get('commune')! : '';
  const format = FORMATS.includes(params.get('format') ?? '') ? params.get('format')! : '';
  const page = Math.max(1, Math.min(1000, Number(params.get('page')) || 1));
  const client = api(event);
  const [result, domains, trades, communes] = await Promise.all([
    client.get<AmbassadorPage>('/api/ambassadors', {
      trade: code ?? (domain || undefined),
      commune: commune || undefined,
      format: format || undefined,
      page,
      pageSize: 20,
    }),
    client.get<TradeDomain[]>('/api/trade-domains'),
    client.get<Trade[]>('/api/trades', { limit: 600 }),
    client.get<Commune[]>('/api/communes'),
  ]);
  return {
    result,
    domains,
    trades,
    communes,
    filters: { domain, tradeText, tradeCode: code ?? null, commune, format },
    roles: me.user.roles,
  };
};
