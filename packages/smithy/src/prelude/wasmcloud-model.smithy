// org.wasmcloud.model: the wasmCloud traits and sized number shapes that weld-codegen knows by id.
// Written for nx-wasmcloud from the trait table in the interface specification (smithy.md section 2).

metadata package = [{
    namespace: "org.wasmcloud.model",
    crate: "wasmbus_rpc::model",
    py_module: "wasmbus_rpc.model",
    doc: "wasmcloud core data models for messaging and code generation",
}]

namespace org.wasmcloud.model

/// Overrides the name of a member on the wire.
@trait(selector: "member")
structure serialization {
    name: String,
}

/// Zero-based field number of a structure member, used for CBOR array encoding.
@trait(selector: "structure > member")
@range(min: 0)
short n

/// The number is unsigned.
@trait(selector: "long,integer,short,byte")
@range(min: 0)
structure unsignedInt {}

/// A string that may not be empty.
@trait(selector: "string")
@length(min: 1)
string nonEmptyString

/// The shape is another name for its base type.
@trait
structure synonym {}

@synonym
long I64

@unsignedInt
long U64

@synonym
integer I32

@unsignedInt
integer U32

@synonym
short I16

@unsignedInt
short U16

@synonym
byte I8

@unsignedInt
byte U8

@synonym
float F32

@synonym
double F64

/// Rust code generation hints.
@trait(selector: "*")
structure codegenRust {
    noDeriveDefault: Boolean,
    noDeriveEq: Boolean,
    nonExhaustive: Boolean,
    skip: Boolean,
}

/// The structure extends the listed base structures.
@trait(selector: "structure")
structure extends {
    base: IdentifierList,
}

list IdentifierList {
    member: String,
}

/// A service reachable over the wasmCloud message bus.
@trait(selector: "service")
@protocolDefinition
structure wasmbus {
    contractId: CapabilityContractId,
    actorReceive: Boolean,
    providerReceive: Boolean,
    /// "0" (msgpack, the default) or "2" (CBOR).
    protocol: String,
}

/// The shape is sent over the wasmCloud message bus.
@trait(selector: "simpleType,list,set,map,structure,union")
structure wasmbusData {}

/// A capability contract id, such as "wasmcloud:keyvalue".
@nonEmptyString
string CapabilityContractId

@trait
structure renameItem {
    @required
    lang: String,
    @required
    name: String,
}

/// Per-language names of an operation or member.
@trait(selector: "operation, structure > member")
list rename {
    member: renameItem,
}

/// The empty value, used as the target of union variants that carry no data.
@codegenRust(skip: true)
structure Unit {}
