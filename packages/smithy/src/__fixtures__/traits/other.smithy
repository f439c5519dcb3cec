// other.smithy: a second namespace referenced across files, and apply statements into traits.smithy.
metadata package = [{ namespace: "org.example.other", crate: "example_other::model" }]

namespace org.example.other

structure Remote {
    id: String
}

apply org.example.traits#Record$secret @documentation("never logged")
apply org.example.traits#Marked @documentation("marked by a user trait")
