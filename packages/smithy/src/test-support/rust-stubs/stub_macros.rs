//! Test stand-ins for serde's derives and async_trait, so generated code compiles with rustc alone
//! (crates.io is not reachable here). The derives expand to nothing; `#[async_trait]` makes the
//! trait synchronous by dropping `async` and `.await`, which keeps every other token as generated.
extern crate proc_macro;
use proc_macro::{Group, TokenStream, TokenTree};

#[proc_macro_derive(Serialize, attributes(serde))]
pub fn serialize(_item: TokenStream) -> TokenStream {
    TokenStream::new()
}

#[proc_macro_derive(Deserialize, attributes(serde))]
pub fn deserialize(_item: TokenStream) -> TokenStream {
    TokenStream::new()
}

#[proc_macro_attribute]
pub fn async_trait(_attr: TokenStream, item: TokenStream) -> TokenStream {
    desugar(item)
}

fn desugar(ts: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Ident(id) if id.to_string() == "async" => {}
            TokenTree::Punct(p) if p.as_char() == '.' && matches!(tokens.get(i + 1), Some(TokenTree::Ident(n)) if n.to_string() == "await") => {
                i += 1;
            }
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), desugar(g.stream()));
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            t => out.push(t.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}
