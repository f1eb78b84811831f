// The ambassadors' entry point: each person lands where their role works.
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
  const roles = locals.me?.user.roles;
  if (!roles) redirect(303, `/connexion?redirect=${encodeURIComponent(url.pathname)}`);
  if (roles.some((r) => r === 'teacher' || r === 'school_admin' || r === 'operator')) {
    redirect(303, '/ambassadeurs/annuaire');
  }
  if (roles.includes('ambassador')) redirect(303, '/ambassadeurs/visites');
  if (roles.includes('employer')) redirect(303, '/ambassadeurs/verification');
  redirect(303, '/');
};
