export { serveNxCache } from './serve';
export type { ServeNxCacheOptions, ServedNxCache } from './serve';
export { startNxCacheServer } from './server';
export type { NxCacheServer, NxCacheServerOptions, NxCacheStats, RecordStore } from './server';
export { OciRecordStore, parseCacheRepository, CACHE_RETRY } from './record-store';
export type { PutOutcome, RecordStoreOptions } from './record-store';
export { tokensFromEnv, accessFor, TOKEN_ENV, READ_TOKEN_ENV, NX_TOKEN_ENV } from './tokens';
export type { CacheTokens, Access } from './tokens';
export { NX_CACHE_CONFIG, NX_CACHE_LAYER, NX_HASH_ANNOTATION } from './media-types';
