import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Preferences } from '../../shared/preferences';
import { api } from '../api';
import { useMe } from '../auth/session';
import { useElderlyMode } from '../elderly';

const preferencesKey = (accountId: string) => ['me', 'preferences', accountId] as const;

/**
 * 适老模式 remembered for the signed-in account: the account's choice is applied as soon as the shell
 * opens (on any device), and every use of the switch while signed in is saved for the account. An
 * account that never chose keeps this browser's own setting. Renders nothing.
 */
export function AccountPreferences() {
  const me = useMe();
  const accountId = me.account.id;
  const { applyElderly, setAccountSaver, choices } = useElderlyMode();
  const client = useQueryClient();
  const stored = useQuery({
    queryKey: preferencesKey(accountId),
    queryFn: ({ signal }) => api.get<Preferences>('/api/me/preferences', { signal }),
    staleTime: Infinity,
  });
  const save = useMutation({
    mutationFn: (elderly: boolean) => api.put<Preferences>('/api/me/preferences', { elderly }),
    onSuccess: (saved) => client.setQueryData(preferencesKey(accountId), saved),
  });
  const saveFor = save.mutate;
  // The choices made before the account's answer arrived: a fresh choice is not undone by it.
  const choicesAtStart = useRef(choices());

  const elderly = stored.data?.elderly;
  useEffect(() => {
    if (elderly === undefined || elderly === null) return;
    if (choices() !== choicesAtStart.current) return;
    applyElderly(elderly);
  }, [elderly, applyElderly, choices]);

  useEffect(() => {
    setAccountSaver((on) => saveFor(on));
    return () => setAccountSaver(null);
  }, [saveFor, setAccountSaver]);

  return null;
}
