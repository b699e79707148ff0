import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { Me } from '../../shared/identity';
import type { LoginAnswer, PendingLogin } from '../../shared/twoFactor';
import { api, ApiError } from '../api';

/**
 * The sign-in state, kept as one query: `/api/auth/me` answers who is signed in, and a 401 from any
 * request flips it to signed out (with `expired` when the server said the session timed out), which
 * sends the shell to the login page.
 */
export type Session = { signedIn: true; me: Me } | { signedIn: false; reason: SignedOutReason };

/** Why nobody is signed in: never was (or the session was ended elsewhere), timed out, or logged out here. */
export type SignedOutReason = 'none' | 'expired' | 'logout';

const reasonOf = (error: ApiError): SignedOutReason =>
  error.code === 'SESSION_EXPIRED' ? 'expired' : 'none';

/** The codes with which the server says "nobody is signed in here". */
export function isSignedOutError(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 401 &&
    (error.code === 'UNAUTHENTICATED' || error.code === 'SESSION_EXPIRED')
  );
}

async function fetchSession(signal: AbortSignal): Promise<Session> {
  try {
    return { signedIn: true, me: await api.get<Me>('/api/auth/me', { signal }) };
  } catch (error) {
    if (isSignedOutError(error)) return { signedIn: false, reason: reasonOf(error) };
    throw error;
  }
}

const sessionQuery = queryOptions({
  queryKey: ['auth', 'session'],
  queryFn: ({ signal }) => fetchSession(signal),
  // Checked again when the person comes back to the tab, so a timed-out session shows at once.
  staleTime: 60_000,
  refetchOnWindowFocus: true,
});
const sessionKey = sessionQuery.queryKey;

export function useSession() {
  return useQuery(sessionQuery);
}

function setSession(client: QueryClient, session: Session): void {
  client.setQueryData(sessionKey, session);
}

/** Any request answered 401 ends the session in the interface too (called from the query caches). */
export function noteSignedOut(client: QueryClient, error: unknown): void {
  if (!isSignedOutError(error)) return;
  const current = client.getQueryData(sessionKey);
  if (current && !current.signedIn) return;
  setSession(client, { signedIn: false, reason: reasonOf(error) });
}

/** Forget everything cached for the previous person (their accounts, audit rows…), keep the session entry. */
function dropPersonalData(client: QueryClient): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
}

/** Signed in at the end of the login steps: the console opens. */
export function useFinishLogin() {
  const client = useQueryClient();
  return (me: Me) => {
    dropPersonalData(client);
    setSession(client, { signedIn: true, me });
  };
}

const isPending = (answer: LoginAnswer): answer is PendingLogin => 'pending' in answer;

/**
 * One step of logging in: the password, the second factor, the enrolment's code or an expired password's
 * change. A pending answer (or one with recovery codes to show first) leaves the signing-in to the page.
 */
export function useLoginStep<B>(path: string) {
  const finish = useFinishLogin();
  return useMutation({
    mutationFn: (body: B) => api.post<LoginAnswer>(path, body),
    onSuccess: (answer) => {
      if (!isPending(answer) && !answer.recoveryCodes) finish(answer);
    },
  });
}

export function useLogin() {
  return useLoginStep<{ username: string; password: string }>('/api/auth/login');
}

export { isPending as isPendingLogin };

export function useLogout() {
  const client = useQueryClient();
  const finish = () => {
    dropPersonalData(client);
    setSession(client, { signedIn: false, reason: 'logout' });
  };
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout', {}),
    // Signed out either way: a failed logout (session already gone, network) must not keep the console open.
    onSettled: finish,
  });
}

const MeContext = createContext<Me | null>(null);
export const MeProvider = MeContext.Provider;

/** The signed-in person; only inside the signed-in part of the app (`RequireSession`). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe must be used inside <RequireSession>');
  return me;
}
