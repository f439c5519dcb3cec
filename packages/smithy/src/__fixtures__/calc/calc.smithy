// calc.smithy: a test interface written for nx-wasmcloud's tests (msgpack, protocol "0").
//! Inner-style comments are plain comments to atelier.

metadata package = [ {
    namespace: "org.example.interface.calc",
    crate: "example_interface_calc"
    py_module: "example_interface_calc",,
} ]

namespace org.example.interface.calc

use org.wasmcloud.model#wasmbus
use org.wasmcloud.model#rename
use org.wasmcloud.model#serialization
use org.wasmcloud.model#codegenRust
use org.wasmcloud.model#U32
use org.wasmcloud.model#u64

/// Calculator service
///
///   with an indented second paragraph.
@wasmbus(
    contractId: "example:calc",
    actorReceive: true,
    providerReceive: true, )
service Calc {
  version: "0.1",
  operations: [ Add, , Describe, Reset, Echo, GetStats, Random32, ]
}

/// Adds the numbers of a request
operation Add {
  input: AddRequest,
  output: U64
}

/// Describes a value; takes a plain string
@readonly
operation Describe {
  input: String,
  output: Description
}

/// Forgets everything (no input, no output)
@rename([{ lang: "Python", name: "reset_all" }, { lang: "Rust", name: "reset_all" }])
operation Reset {}

operation Echo {
    input: Blob
    output: Blob
}

operation GetStats {
    output: Stats
}

operation Random32 {
    output: U32
}

/// An operation not bound to the service
operation Ping {}

structure AddRequest {
    /// the numbers to add
    @required
    values: NumberList,

    // a plain comment between members
    label: String,

    @serialization(name: "scale_factor")
    scaleFactor: Integer
}

list NumberList {
    member: U32
}

@codegenRust(noDeriveDefault: true)
structure Description {
    @required
    text: String,
    tags: TagMap,
    payload: Blob,
    @required
    raw: Blob,
    flag: Boolean,
}

map TagMap {
    key: String,
    value: StringList,
}

list StringList { member: String }

structure Stats {
    @required
    count: u64
    lastValue: U32
    @required
    mean: Double
    history: StringSet
}

set StringSet { member: String }

/// A text alias
string Label
