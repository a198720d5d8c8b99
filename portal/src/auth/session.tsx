import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useBearer } from '../api/client.js';

export type Role = 'claimant' | 'agent' | 'expert' | 'supervisor' | 'ops';

export interface User {
  readonly username: string;
  readonly name: string;
  readonly role: Role;
}

interface Session {
  readonly user: User | undefined;
  signIn(token: string): void;
  signOut(): void;
}

const STORAGE_KEY = 'dossier.session';
const SessionContext = createContext<Session | undefined>(undefined);

// The token is only read for display (name, role); the API checks it on every call.
export function userOf(token: string): User | undefined {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      username?: string;
      'cognito:username'?: string;
      name?: string;
      'cognito:groups'?: string[];
      exp?: number;
    };
    // Local tokens say `username`, Cognito's ID tokens `cognito:username`.
    const username = payload.username ?? payload['cognito:username'];
    if (!username || (payload.exp && payload.exp * 1000 < Date.now())) return undefined;
    const role = payload['cognito:groups']?.[0] as Role | undefined;
    return role ? { username, name: payload.name ?? username, role } : undefined;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  // Per tab: closing the tab ends the session, which suits shared office computers.
  const [token, setToken] = useState(() => sessionStorage.getItem(STORAGE_KEY) ?? undefined);
  const user = token ? userOf(token) : undefined;
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setToken(undefined);
  }, []);
  useBearer(user ? token : undefined, signOut);
  const session = useMemo<Session>(
    () => ({
      user,
      signIn: (next) => {
        sessionStorage.setItem(STORAGE_KEY, next);
        setToken(next);
      },
      signOut,
    }),
    [user, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const isStaff = (role: Role) => role !== 'claimant';
