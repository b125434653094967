export { explorerData } from './data.ts';
export { explorerRoutes } from './plugin.ts';
