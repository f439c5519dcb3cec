//! A test stand-in for the parts of wasmbus-rpc 0.15 that msgpack (protocol "0", no_serde) generated
//! code names, synchronous to match stub_macros' `#[async_trait]`. Bodies are never run.
#![allow(dead_code, unused_variables)]

pub struct Timestamp {
    pub sec: i64,
    pub nsec: u32,
}

pub mod error {
    #[derive(Debug)]
    pub enum RpcError {
        Deser(String),
        MethodNotHandled(String),
        Other(String),
    }
    impl std::fmt::Display for RpcError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{:?}", self)
        }
    }
    pub type RpcResult<T> = Result<T, RpcError>;
}

pub mod cbor {}

pub mod common {
    use crate::error::RpcResult;
    use std::borrow::Cow;

    pub struct Context;
    pub struct SendOpts;
    pub enum MessageFormat {
        Msgpack,
        Cbor,
    }
    pub fn message_format(data: &[u8]) -> (MessageFormat, usize) {
        (MessageFormat::Msgpack, 0)
    }
    pub struct Message<'m> {
        pub method: &'m str,
        pub arg: Cow<'m, [u8]>,
    }
    pub trait MessageDispatch {}
    pub trait Transport: Clone + Sync + Send {
        fn send(&self, ctx: &Context, req: Message<'_>, opts: Option<SendOpts>) -> RpcResult<Vec<u8>>;
        fn set_timeout(&self, interval: std::time::Duration);
    }
    pub fn serialize<T: ?Sized>(data: &T) -> RpcResult<Vec<u8>> {
        unimplemented!()
    }
    pub fn deserialize<T>(buf: &[u8]) -> RpcResult<T> {
        unimplemented!()
    }
    pub struct Document;
}

pub mod core {
    pub struct LinkDefinition;
}

pub mod model {}

pub mod provider {
    use crate::common::{Context, Message, SendOpts, Transport};
    use crate::core::LinkDefinition;
    use crate::error::RpcResult;

    #[derive(Clone)]
    pub struct ProviderTransport<'send> {
        ld: &'send LinkDefinition,
    }
    impl<'send> ProviderTransport<'send> {
        pub fn new(ld: &'send LinkDefinition, timeout: Option<std::time::Duration>) -> Self {
            Self { ld }
        }
    }
    impl<'send> Transport for ProviderTransport<'send> {
        fn send(&self, ctx: &Context, req: Message<'_>, opts: Option<SendOpts>) -> RpcResult<Vec<u8>> {
            unimplemented!()
        }
        fn set_timeout(&self, interval: std::time::Duration) {}
    }
}
