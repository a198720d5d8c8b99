import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The portal is served from `/` by the local gateway and by CloudFront, with the API on the same
// origin under /api, so the bundle needs no API URL of its own.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Over this, the build's own size report (scripts/build-portal.ts) fails the build.
    chunkSizeWarningLimit: 400,
  },
});
