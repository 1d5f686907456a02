// What every screen of a signed-in technician reaches: the device store, the user, whether
// sync needs a new login.
import { createContext, useContext, type ReactNode } from 'react';
import type { SessionUser } from '@calepin/core';
import type { DeviceStore } from '../store/client';

interface FieldContext {
  store: DeviceStore;
  user: SessionUser;
  needsLogin: boolean;
  onLogin(user: SessionUser): void;
}

const Context = createContext<FieldContext | null>(null);

export function StoreProvider({ children, ...value }: FieldContext & { children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useField(): FieldContext {
  const value = useContext(Context);
  if (!value) throw new Error('useField outside StoreProvider');
  return value;
}
