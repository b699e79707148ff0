import {
  createContext,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
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
  setElderly: (on: boolean) => void;
}

const ElderlyContext = createContext<ElderlyMode | null>(null);

/** 适老模式 (large type, high contrast): remembered per browser, applied from the first render. */
export function ElderlyModeProvider({ children }: { children: ReactNode }) {
  const [elderly, setState] = useState(readStored);

  useLayoutEffect(() => applyToDocument(elderly), [elderly]);

  const setElderly = useCallback((on: boolean) => {
    writeStored(on);
    setState(on);
  }, []);

  const value = useMemo(() => ({ elderly, setElderly }), [elderly, setElderly]);
  return <ElderlyContext value={value}>{children}</ElderlyContext>;
}

export function useElderlyMode(): ElderlyMode {
  const mode = useContext(ElderlyContext);
  if (!mode) throw new Error('useElderlyMode must be used inside <ElderlyModeProvider>');
  return mode;
}
