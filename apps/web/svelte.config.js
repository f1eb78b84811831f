import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ out: 'build', precompress: true }),
    // Cross-site form posts are refused in hooks.server.ts, by comparing Origin with Host: the
    // built-in check compares with a configured ORIGIN, which breaks when the same server is
    // reached as localhost, 127.0.0.1 or a LAN address.
    csrf: { trustedOrigins: ['*'] },
    // Pages call the API only from the server; the browser never holds the session token.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'connect-src': ['self'],
        'frame-ancestors': ['none'],
        'form-action': ['self'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};
