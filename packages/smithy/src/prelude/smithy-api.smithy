// The Smithy prelude (namespace smithy.api): the simple shapes and the traits the wasmCloud models
// and weld-codegen use, written for this package from the Smithy specification's prelude.
$version: "1.0"

namespace smithy.api

string String
blob Blob
bigInteger BigInteger
bigDecimal BigDecimal
timestamp Timestamp
document Document
boolean Boolean
boolean PrimitiveBoolean
byte Byte
byte PrimitiveByte
short Short
short PrimitiveShort
integer Integer
integer PrimitiveInteger
long Long
long PrimitiveLong
float Float
float PrimitiveFloat
double Double
double PrimitiveDouble

@unitType
structure Unit {}

@trait(selector: "structure")
structure unitType {}

@trait(selector: "structure")
structure trait {
    selector: String,
    structurallyExclusive: String,
    conflicts: NonEmptyStringList,
    breakingChanges: Document,
}

list NonEmptyStringList { member: String }

@trait
@length(min: 1)
string documentation

@trait(selector: "structure > member")
structure required {}

@trait(selector: "member")
structure box {}

@trait(selector: "operation")
structure readonly {}

@trait(selector: "operation")
structure idempotent {}

@trait(selector: ":test(list, map, string, blob, member > :is(list, map, string, blob))")
structure length {
    min: Long,
    max: Long,
}

@trait(selector: ":test(number, member > number)")
structure range {
    min: BigDecimal,
    max: BigDecimal,
}

@trait(selector: ":test(string, member > string)")
string pattern

@trait(selector: ":test(string, member > string)")
list enum { member: EnumDefinition }

structure EnumDefinition {
    @required
    value: String,
    name: String,
    documentation: String,
    tags: NonEmptyStringList,
    deprecated: Boolean,
}

@trait(selector: ":not(:test(service, operation, resource))")
structure sensitive {}

@trait
structure deprecated {
    message: String,
    since: String,
}

@trait
structure unstable {}

@trait(selector: "structure")
structure protocolDefinition {
    traits: NonEmptyStringList,
    noInlineDocumentSupport: Boolean,
}

@trait(selector: "structure")
string error

@trait
structure private {}

@trait
list tags { member: String }

@trait
@length(min: 1)
string title

@trait(selector: "*")
string since

@trait(selector: "structure > member")
structure idempotencyToken {}

@trait(selector: "structure")
structure input {}

@trait(selector: "structure")
structure output {}

@trait(selector: "structure > member")
structure clientOptional {}

@trait(selector: "structure > member")
document default

@trait(selector: "enum > member")
document enumValue

@trait(selector: "list")
structure uniqueItems {}

@trait(selector: "*")
string externalDocumentation

@trait(selector: ":is(simpleType, list, map, structure, union, member)")
string timestampFormat

@trait(selector: "structure > member")
structure httpPayload {}

@trait(selector: "operation")
structure http {
    @required
    method: String,
    @required
    uri: String,
    code: Integer,
}

@trait(selector: "*")
structure suppress {}

@trait(selector: "structure")
structure mixin {
    localTraits: NonEmptyStringList,
}
