// <%- snakeName %>.smithy
// A simple service that calculates the factorial of a whole number


// Tell the code generator how to reference symbols defined in this namespace
metadata package = [ { namespace: "<%- namespace %>", crate: "<%- crateName %>" } ]

namespace <%- namespace %>

use org.wasmcloud.model#wasmbus
use org.wasmcloud.model#U32
use org.wasmcloud.model#U64

/// The <%- pascalName %> service has a single method, calculate, which
/// calculates the factorial of its whole number parameter.
@wasmbus(
    contractId: "<%- contractId %>",
    actorReceive: true,
    providerReceive: true )
service <%- pascalName %> {
  version: "0.1",
  operations: [ Calculate ]
}

/// Calculates the factorial (n!) of the input parameter
operation Calculate {
  input: U32,
  output: U64
}
