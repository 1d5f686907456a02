import type { SessionUser } from '@calepin/core';
import { clientScope } from '../../access/scope';
import { badRequest, conflict } from '../../http/errors';
import type { Deps } from '../../http/context';
import { tooManyPixels } from './limits';
import { getPlan } from './repo';

/**
 * A page of a plan the caller may see, read far enough to be drawn in pixel space
 * (409 while the job has not read it yet; 400 for a page it does not have; 422 for a page
 * above the pixel limit: stored before the limit, it would be decoded whole to be drawn).
 */
export async function readablePage(deps: Deps, planId: string, user: SessionUser, wanted: number | undefined) {
  const plan = await getPlan(deps.db, planId, clientScope(user));
  if (!plan.format || !plan.width || !plan.height) throw conflict('plan_processing', 'e.plan_processing');
  const page = wanted ?? plan.page;
  const pageCount = plan.pageCount ?? 1;
  if (page > pageCount) throw badRequest('plan_page', 'e.plan_page', { page, pageCount }, 'page');
  const tooLarge = tooManyPixels(plan.width, plan.height, deps.config, 422, null);
  if (tooLarge) throw tooLarge;
  return { plan, page, width: plan.width, height: plan.height };
}
