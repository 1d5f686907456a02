import type { SessionUser } from '@calepin/core';

/**
 * Who prints (mission orders, reports): sees every plant, so that the tile requests of a
 * printed map are never filtered by a client scope. The print job has already checked
 * who may read the document.
 */
export const PRINT_USER: SessionUser = {
  id: '00000000-0000-4000-8000-000000000000', role: 'admin', clientId: null,
  email: 'print@calepin.invalid', fullName: 'Calepin', locale: 'en',
};
