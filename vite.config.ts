import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));

/**
 * A production build started from inside vitest (the tests' global setup) inherits NODE_ENV=test,
 * and Vite then emits React's and antd's development bundles (jsxDEV, dev warnings, 20% larger).
 * Vite reads NODE_ENV after loading this file, so set it here for the build and put the old value
 * back when the bundle is written, so the test process keeps its own NODE_ENV.
 */
function productionNodeEnv(active: boolean): Plugin | undefined {
  const previous = process.env.NODE_ENV;
  if (!active || previous === 'production') return undefined;
  process.env.NODE_ENV = 'production';
  const restore = () => {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  };
  return {
    name: 'rongzhi:production-node-env',
    buildEnd(error) {
      if (error) restore();
    },
    closeBundle: restore,
  };
}

export default defineConfig(({ command, mode }) => ({
  root: webRoot,
  plugins: [react(), productionNodeEnv(command === 'build' && mode === 'production')],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // antd is one large vendor chunk; the default 500 kB warning is noise for an admin console.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
    },
  },
}));
