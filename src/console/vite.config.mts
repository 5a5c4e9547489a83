import * as path from 'node:path';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

// The console is served by shudi itself at /console; every asset comes from this bundle (no CDN).
export default defineConfig({
  root: here,
  base: '/console/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.resolve(here, '../../dist/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; meaningless in a client bundle
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': 'http://localhost:4000', '/catalogues': 'http://localhost:4000' } },
});
