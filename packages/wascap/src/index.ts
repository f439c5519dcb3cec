export * from './errors';
export { isUserError } from './user-error';
export { tempPathBeside, writeAtomically } from './atomic-file';
export { KeyPair, KEY_ROLES, KEY_ROLE_NAMES, isKeyRole, parseKeyRole, detectKeyRole, decodeSeed, decodePublicKey, encodeSeed, encodePublicKey } from './nkeys';
export type { KeyRole } from './nkeys';
export { resolveKeyPair, resolveKeyPairDetailed, defaultKeyName, keyFileName, keygenNotice, readKeyFile, writeKeyFile, listKeys, getKey } from './keystore';
export type { ResolveKeyPairOptions, ResolvedKeyPair, StoredKey } from './keystore';
export { keyDirectory } from './key-directory';
export type { KeyDirectoryOptions } from './key-directory';
export { mayHoldSecret } from './secret-text';
export { sourceDateEpoch, issueTime } from './source-date-epoch';
export { WASCAP_INTERNAL_REVISION, MIN_WASCAP_INTERNAL_REVISION, serializeClaims, orderMetadata } from './claims';
export type { Claims, ActorMetadata, ProviderMetadata, AccountMetadata, MetadataKind } from './claims';
export {
  decodeJwt,
  validateToken,
  assertValidToken,
  assertValidTokenAsync,
  signClaimsJson,
  encodeClaims,
  formatUnixTime,
  ENCODED_HEADER,
  HEADER_ALGORITHM,
  HEADER_TYPE,
} from './jwt';
export type { DecodedJwt, TokenValidation, ValidateOptions } from './jwt';
export { signActor, signActorToken, extractClaims, verifyActor, actorClaimsJson, checkActorOptions } from './actor';
export type { SignActorOptions, ActorToken, VerifiedActor } from './actor';
export { signActorFile } from './actor-file';
export { actorClaimsReport, actorClaimsText } from './actor-report';
export { escapeControl, terminalJson } from './terminal-text';
export type { ActorClaimsReport } from './actor-report';
export type { SignActorFileResult, SignActorFileOptions, SignActorKeys } from './actor-file';
export { readModuleFile, openModuleFile, maxModuleBytes, DEFAULT_MAX_MODULE_BYTES, MAX_MODULE_BYTES_ENV } from './module-file';
export type { ReadModuleFileOptions, ModuleFileOptions } from './module-file';
export { signProviderClaims, decodeProviderClaims, signAccountToken, signOperatorToken } from './provider';
export type { ProviderClaimsOptions, EntityTokenOptions } from './provider';
export { parseWasm, stripClaims, customSection, findClaimsSection, SECTION_JWT, SECTION_WC_JWT, MAX_NESTING_DEPTH } from './wasm-sections';
export type { WasmBinary, WasmSection } from './wasm-sections';
export { encodeUleb } from './leb128';
export { normalizeCallAlias, sanitizeCallAlias } from './call-alias';
export * as caps from './caps';
export { capabilitiesFromFlags, capabilityName } from './caps';
export type { CapabilityFlags } from './caps';
