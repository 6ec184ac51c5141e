import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is served by the gateway from this module's jar (META-INF/resources/console), so
// the build writes straight into target/classes and every asset URL starts with /console/.
export default defineConfig({
  root: fileURLToPath(new URL('./src/main/web', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./target/classes/META-INF/resources/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    // `npm run dev`: the gateway answers /v1 and /console/config.json
    proxy: { '/v1': 'http://localhost:8080', '/console/config.json': 'http://localhost:8080', '/console/api': 'http://localhost:8080' },
  },
});
