// org.wasmcloud.core: platform data shapes shared by hosts, actors and providers.
// Written for nx-wasmcloud; field names and numbers follow the wasmCloud wire format.

metadata package = [{
    namespace: "org.wasmcloud.core",
    crate: "wasmbus_rpc::core",
    py_module: "wasmbus_rpc.core",
    doc: "wasmcloud platform core data structures",
}]

namespace org.wasmcloud.core

use org.wasmcloud.model#nonEmptyString
use org.wasmcloud.model#codegenRust
use org.wasmcloud.model#serialization
use org.wasmcloud.model#CapabilityContractId
use org.wasmcloud.model#wasmbusData
use org.wasmcloud.model#wasmbus
use org.wasmcloud.model#n
use org.wasmcloud.model#U64

/// Every actor receives health checks.
@wasmbus(actorReceive: true)
service Actor {
    version: "0.1",
    operations: [HealthRequest]
}

/// A link between an actor and a provider, with its settings.
@wasmbusData
@codegenRust(nonExhaustive: true)
structure LinkDefinition {
    @required @serialization(name: "actor_id") @n(0)
    actorId: String,
    @required @serialization(name: "provider_id") @n(1)
    providerId: String,
    @required @serialization(name: "link_name") @n(2)
    linkName: String,
    @required @serialization(name: "contract_id") @n(3)
    contractId: String,
    @required @n(4)
    values: LinkSettings,
}

@wasmbusData
structure HealthCheckResponse {
    @n(0)
    healthy: Boolean
    @n(1)
    message: String
}

@wasmbusData
structure HealthCheckRequest {}

/// Asks an actor whether it is healthy.
operation HealthRequest {
    input: HealthCheckRequest
    output: HealthCheckResponse
}

map LinkSettings {
    key: String,
    value: String,
}

list ActorLinks {
    member: LinkDefinition
}

/// What the host passes to a capability provider when it starts.
@wasmbusData
@codegenRust(nonExhaustive: true)
structure HostData {
    @required @serialization(name: "host_id") @n(0)
    hostId: String,
    @required @serialization(name: "lattice_rpc_prefix") @n(1)
    latticeRpcPrefix: String,
    @required @serialization(name: "link_name") @n(2)
    linkName: String,
    @required @serialization(name: "lattice_rpc_user_jwt") @n(3)
    latticeRpcUserJwt: String,
    @required @serialization(name: "lattice_rpc_user_seed") @n(4)
    latticeRpcUserSeed: String,
    @required @serialization(name: "lattice_rpc_url") @n(5)
    latticeRpcUrl: String,
    @required @serialization(name: "provider_key") @n(6)
    providerKey: String,
    @required @serialization(name: "invocation_seed") @n(7)
    invocationSeed: String,
    @required @serialization(name: "env_values") @n(8)
    envValues: HostEnvValues,
    @required @serialization(name: "instance_id") @n(9)
    instanceId: String,
    @required @serialization(name: "link_definitions") @n(10)
    linkDefinitions: ActorLinks,
    @required @serialization(name: "cluster_issuers") @n(11)
    clusterIssuers: ClusterIssuers,
    @serialization(name: "config_json") @n(12)
    configJson: String
    @serialization(name: "default_rpc_timeout_ms") @n(13)
    defaultRpcTimeoutMs: U64,
    @serialization(name: "structured_logging") @n(14)
    structuredLogging: Boolean,
    @serialization(name: "log_level") @n(15)
    logLevel: LogLevel
}

list ClusterIssuers {
    member: ClusterIssuerKey,
}

@nonEmptyString
string ClusterIssuerKey

map HostEnvValues {
    key: String,
    value: String,
}

@enum([
    { value: "trace", name: "trace" },
    { value: "debug", name: "debug" },
    { value: "info", name: "info" },
    { value: "warn", name: "warn" },
    { value: "error", name: "error" },
])
string LogLevel

/// One rpc message between actors and providers.
@wasmbusData
@codegenRust(nonExhaustive: true)
structure Invocation {
    @required @n(0)
    origin: WasmCloudEntity,
    @required @n(1)
    target: WasmCloudEntity,
    @required @n(2)
    operation: String,
    @required @n(3)
    msg: Blob,
    @required @n(4)
    id: String,
    @required @serialization(name: "encoded_claims") @n(5)
    encodedClaims: String,
    @required @serialization(name: "host_id") @n(6)
    hostId: String,
    @n(7) @serialization(name: "content_length")
    contentLength: U64,
    @n(8)
    traceContext: TraceContext,
}

/// An actor or a provider's link.
@wasmbusData
structure WasmCloudEntity {
    @required @serialization(name: "public_key") @n(0)
    publicKey: String,
    @required @serialization(name: "link_name") @n(1)
    linkName: String,
    @required @serialization(name: "contract_id") @n(2)
    contractId: CapabilityContractId,
}

/// The reply to an Invocation.
@wasmbusData
@codegenRust(nonExhaustive: true)
structure InvocationResponse {
    @required @n(0)
    msg: Blob,
    @required @serialization(name: "invocation_id") @n(1)
    invocationId: String,
    @n(2)
    error: String,
    @n(3) @serialization(name: "content_length")
    contentLength: U64,
}

map TraceContext {
    key: String,
    value: String,
}
