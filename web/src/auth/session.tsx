import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Role, SessionUser } from '@calepin/core';
import { api, tokens } from '../api/http';
import { queryClient } from '../api/query-client';

interface Auth {
  user: SessionUser | null;
  /** True while a stored session is being restored after a reload. */
  restoring: boolean;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(tokens.current?.user ?? null);
  const [restoring, setRestoring] = useState(() => !tokens.current && tokens.hasStoredSession());

  useEffect(() => tokens.subscribe((session) => setUser(session?.user ?? null)), []);

  useEffect(() => {
    if (!restoring) return;
    void tokens.refresh().finally(() => setRestoring(false));
  }, [restoring]);

  const value: Auth = {
    user,
    restoring,
    async login(email, password) {
      const response = await api.post('/auth/login', { body: { email, password } });
      queryClient.clear();
      tokens.set(response);
    },
    async logout() {
      const refreshToken = tokens.current?.refreshToken;
      if (refreshToken) await api.post('/auth/logout', { body: { refreshToken } }).catch(() => undefined);
      tokens.set(null);
      queryClient.clear();
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** Managers and admins run the back-office; technicians and clients read. */
export const canManage = (role: Role | undefined) => role === 'admin' || role === 'manager';
/** Client users see no back-office screen at all. */
export const isStaff = (role: Role | undefined) => role !== undefined && role !== 'client';
