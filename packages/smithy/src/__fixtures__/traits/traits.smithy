// traits.smithy: every remaining wasmCloud trait and the prelude traits weld reacts to (tests only).
metadata package = [{ namespace: "org.example.traits", crate: "example_traits", doc: "trait corpus" }]

namespace org.example.traits

use org.wasmcloud.model#wasmbus
use org.wasmcloud.model#wasmbusData
use org.wasmcloud.model#unsignedInt
use org.wasmcloud.model#nonEmptyString
use org.wasmcloud.model#synonym
use org.wasmcloud.model#extends
use org.wasmcloud.model#codegenRust
use org.wasmcloud.model#I8
use org.wasmcloud.model#I16
use org.wasmcloud.model#I32
use org.wasmcloud.model#U8
use org.wasmcloud.model#U16
use org.wasmcloud.model#U32
use org.wasmcloud.model#U64
use org.wasmcloud.model#F32
use org.example.other#Remote

/// Provider-only service with an idempotent operation
@wasmbus(contractId: "example:traits", providerReceive: true)
service Traits {
    version: "1.0",
    operations: [Store, Fetch]
}

@idempotent
operation Store {
    input: Record
}

@readonly
@deprecated(since: "0.2", message: "use Store")
operation Fetch {
    input: Key,
    output: Record,
}

@nonEmptyString
@length(min: 1, max: 64)
string Key

@unsignedInt
@range(min: 0, max: 10)
integer Level

@synonym
long Counter

/// A record
@wasmbusData
@extends(base: ["org.example.other#Remote"])
@unstable
structure Record {
    @required
    key: Key,
    @sensitive
    secret: String,
    @box
    count: Integer,
    when: Timestamp,
    extra: Document,
    level: Level,
    i8: I8, i16: I16, i32: I32,
    u8: U8, u16: U16, u32: U32, u64: U64,
    ratio: F32,
    remote: Remote,
    @deprecated
    old: Boolean,
}

/// A user-defined trait: no encoder, no Default
@trait(selector: "structure")
structure marker {
    label: String,
    @required
    weight: Integer,
}

@marker(weight: 1)
structure Marked {}
