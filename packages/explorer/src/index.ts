export { explorerData } from './data.ts';
export { lifecyclePages } from './lifecycle-pages.ts';
export { explorerRoutes } from './plugin.ts';
