import {
  createContext,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

/** localStorage key and value; public/elderly-init.js reads the same pair before the first paint. */
export const ELDERLY_STORAGE_KEY = 'rongzhi.elderly';
const ON = '1';

function readStored(): boolean {
  try {
    return window.localStorage.getItem(ELDERLY_STORAGE_KEY) === ON;
  } catch {
    return false;
  }
}

function writeStored(on: boolean): void {
  try {
    if (on) window.localStorage.setItem(ELDERLY_STORAGE_KEY, ON);
    else window.localStorage.removeItem(ELDERLY_STORAGE_KEY);
  } catch {
    // Storage may be full or disabled: the mode still applies for this visit.
  }
}

/** `data-elderly` on <html> lets plain CSS (body text, the top bar) follow the mode too. */
function applyToDocument(on: boolean): void {
  if (on) document.documentElement.setAttribute('data-elderly', 'true');
  else document.documentElement.removeAttribute('data-elderly');
}

interface ElderlyMode {
  elderly: boolean;
  /**
   * The person's own choice (the switch): remembered in this browser and, while someone is signed in,
   * saved for their account too.
   */
  setElderly: (on: boolean) => void;
  /** Apply the choice the signed-in account already holds (from the server), without saving it back. */
  applyElderly: (on: boolean) => void;
  /** The signed-in shell registers how to save a choice for the account; null when signed out. */
  setAccountSaver: (save: ((on: boolean) => void) | null) => void;
  /** How many choices the person has made in this tab: a later server answer must not undo a fresh one. */
  choices: () => number;
}

const ElderlyContext = createContext<ElderlyMode | null>(null);

/**
 * 适老模式 (large type, high contrast): applied from the first render. Signed out it is remembered per
 * browser; signed in it is remembered for the account as well and follows the person to any device
 * (see layout/AccountPreferences.tsx).
 */
export function ElderlyModeProvider({ children }: { children: ReactNode }) {
  const [elderly, setState] = useState(readStored);
  const saver = useRef<((on: boolean) => void) | null>(null);
  const chosen = useRef(0);

  useLayoutEffect(() => applyToDocument(elderly), [elderly]);

  const applyElderly = useCallback((on: boolean) => {
    writeStored(on);
    setState(on);
  }, []);

  const setElderly = useCallback(
    (on: boolean) => {
      chosen.current += 1;
      applyElderly(on);
      saver.current?.(on);
    },
    [applyElderly],
  );

  const setAccountSaver = useCallback((save: ((on: boolean) => void) | null) => {
    saver.current = save;
  }, []);
  const choices = useCallback(() => chosen.current, []);

  const value = useMemo(
    () => ({ elderly, setElderly, applyElderly, setAccountSaver, choices }),
    [elderly, setElderly, applyElderly, setAccountSaver, choices],
  );
  return <ElderlyContext value={value}>{children}</ElderlyContext>;
}

export function useElderlyMode(): ElderlyMode {
  const mode = useContext(ElderlyContext);
  if (!mode) throw new Error('useElderlyMode must be used inside <ElderlyModeProvider>');
  return mode;
}
