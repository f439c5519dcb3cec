//! The wasmbus guest ABI (wasmbus-rpc's actor_wasm.rs, unchanged since 0.7): the host calls
//! `__guest_call(op_len, payload_len)`, the guest fetches both with `__guest_request`, and answers
//! with `__guest_response` (returning 1) or `__guest_error` (returning 0).

#[link(wasm_import_module = "wasmbus")]
extern "C" {
    fn __guest_request(op_ptr: *mut u8, ptr: *mut u8);
    fn __guest_response(ptr: *const u8, len: usize);
    fn __guest_error(ptr: *const u8, len: usize);
}

/// The wasmbus RPC version this actor speaks (the `Actor` derive's HOST_API_VERSION).
#[no_mangle]
pub extern "C" fn __wasmbus_rpc_version() -> u32 {
    1
}

#[no_mangle]
pub extern "C" fn __guest_call(op_len: i32, req_len: i32) -> i32 {
    let mut op = vec![0u8; op_len as usize];
    let mut req = vec![0u8; req_len as usize];
    unsafe { __guest_request(op.as_mut_ptr(), req.as_mut_ptr()) };
    let operation = String::from_utf8_lossy(&op);
    match crate::handle(&operation, &req) {
        Ok(reply) => {
            unsafe { __guest_response(reply.as_ptr(), reply.len()) };
            1
        }
        Err(message) => {
            unsafe { __guest_error(message.as_ptr(), message.len()) };
            0
        }
    }
}
