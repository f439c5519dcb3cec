export { HOST_VERSION } from './version';
export { HostUserError, GuestError, CallTimeoutError, RPC_TIMEOUT_ERROR } from './errors';
export type { Payload, InvocationContext, Provider, HostOptions, ActorInfo, AbiFamily, LogEntry, LogLevel } from './types';
export { Host, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MEMORY_LIMIT_BYTES } from './host';
export { encodeMsgpack, decodePayload, toJsonValue } from './codec';
export type { BinaryRendering } from './codec';
export { decodeTestResults, encodeTestOptions } from './test-results';
export type { TestResult } from './test-results';
export { keyValueDouble } from './doubles/keyvalue';
export type { KeyValueDouble } from './doubles/keyvalue';
export { messagingDouble } from './doubles/messaging';
export type { MessagingDouble, PublishedMessage } from './doubles/messaging';
export { doubleFor } from './doubles';
export { LatticeHost } from './lattice/lattice-host';
export type { LatticeHostOptions, LatticeProvider, LatticeEvent } from './lattice/lattice-host';
export { latticeCall, sendInvocation, connectNats, LatticeRpcError, WASH_HOST_ID, DEFAULT_RPC_TIMEOUT_MS } from './lattice/rpc-client';
export type { LatticeCallOptions, SendInvocationOptions } from './lattice/rpc-client';
export { startNatsServer } from './lattice/nats-server';
export type { NatsServer, NatsServerOptions } from './lattice/nats-server';
export { signInvocation, validateInvocation, invocationHash, encodeInvocationClaims, newInvocationId, INVOCATION_ERRORS } from './lattice/anti-forgery';
export type { SignInvocationOptions, InvocationClaimsOptions } from './lattice/anti-forgery';
export {
  actorEntity,
  providerEntity,
  encodeInvocation,
  decodeInvocation,
  encodeInvocationResponse,
  decodeInvocationResponse,
  encodeLinkDefinition,
  decodeLinkDefinition,
  EnvelopeError,
} from './lattice/envelopes';
export type { Invocation, InvocationResponse, LinkDefinition, WasmCloudEntity } from './lattice/envelopes';
export { entityUrl, targetUrl, rpcSubject } from './lattice/urls';
export { ChunkStore, CHUNK_THRESHOLD_BYTES, needsChunking } from './lattice/chunking';
export { callActor, decodeReply, encodeCallData, loadProviderModule, openActorSession, parseJsonData, resolveLink } from './actor-session';
export type { ActorSession, ActorSessionOptions, CallActorOptions, CallActorResult, DecodedReply, LinkSpec, ReplyFormat } from './actor-session';
export { callForTestResults, checkTestOptions, formatTestResults, readTestOptions, runActorTests, TESTING_START } from './test-run';
export type { ActorTestRun, RunActorTestsOptions, TestOptionsFile, TestReport } from './test-run';
export { startParProvider } from './providers/start-par-provider';
export type { StartParProviderOptions } from './providers/start-par-provider';
export { ParProvider } from './providers/par-provider';
export type { ProviderHealth, ProviderSupervision } from './providers/par-provider';
export { encodeHostData, natsHostPort } from './providers/host-data';
export type { HostData } from './providers/host-data';
export { extractProvider, providerBinaryPath, resolveParFile } from './providers/par-cache';
export type { ExtractedProvider, ParFile } from './providers/par-cache';
export { checkProviderTestCases, readProviderTestCases, runProviderTests, PROVIDER_TESTS_FILE } from './providers/provider-test';
export type { ProviderTestCase, ProviderTestRun, RunProviderTestsOptions } from './providers/provider-test';
export * from './control';
export { startDashboard, DEFAULT_DASHBOARD_UPLOAD_BYTES, LogTap, embeddedTarget, latticeTarget, DashboardController, newDashboardToken } from './dashboard';
export type { Dashboard, DashboardOptions, DashboardTarget, DashboardState, TappedLog } from './dashboard';
