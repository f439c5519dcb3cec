import { createNodes } from './graph/create-nodes';

export { version } from './version';
export { createNodes } from './graph/create-nodes';
export { createDependencies } from './graph/create-dependencies';
/** @deprecated Nx ≥22 calls `createNodes` (same v2 signature); kept for Nx 21 workspaces. */
export const createNodesV2 = createNodes;
export type { WasmcloudPluginOptions } from './graph/options';
export { parseWasmcloudToml, type WasmcloudProject } from './config/wasmcloud-toml';
