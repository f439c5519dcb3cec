// shapes.smithy: CBOR (protocol "2") test interface written for nx-wasmcloud's tests.
metadata package = [{ namespace: "org.example.interface.shapes", crate: "example_interface_shapes" }]

namespace org.example.interface.shapes

use org.wasmcloud.model#wasmbus
use org.wasmcloud.model#n
use org.wasmcloud.model#codegenRust
use org.wasmcloud.model#U8
use org.wasmcloud.model#U16
use org.wasmcloud.model#I64
use org.wasmcloud.model#F32
use org.wasmcloud.model#F64
use org.wasmcloud.model#Unit
use org.wasmcloud.core#LinkDefinition

/// Shapes service, actor side only
@wasmbus(actorReceive: true, protocol: "2")
service Shapes {
    version: "0.2",
    operations: [Measure, Pick, Link]
}

operation Measure {
    input: Sample
    output: MeasureResult
}

operation Pick {
    input: String
    output: Choice
}

operation Link {
    input: LinkDefinition
}

/// Sample with sparse field numbers
@codegenRust(noDeriveEq: true)
structure Sample {
    @required @n(0)
    name: String,
    @n(2)
    weights: F32List,
    @required @n(5)
    scale: F64,
    @n(3)
    small: u8,
    @required @n(4)
    offset: I64,
}

list F32List { member: F32 }

@codegenRust(noDeriveEq: true, nonExhaustive: true)
structure MeasureResult {
    @required
    total: Double,
    note: String,
    @required
    code: U16,
}

/// A choice between variants
@codegenRust(noDeriveEq: true)
union Choice {
    /// nothing chosen
    @n(0)
    none: Unit,
    @n(1)
    text: String,
    @n(2)
    sample: Sample,
    @n(7)
    values: F32List,
}

@codegenRust(skip: true)
structure Hidden {
    x: String
}
