// A wasmbus-rpc >= 0.7 style actor written against the raw ABI (no crates), for the host's tests.
#[link(wasm_import_module = "wasmbus")]
extern "C" {
    fn __guest_request(op_ptr: *mut u8, ptr: *mut u8);
    fn __guest_response(ptr: *const u8, len: usize);
    fn __guest_error(ptr: *const u8, len: usize);
    fn __host_call(bd_ptr: *const u8, bd_len: usize, ns_ptr: *const u8, ns_len: usize, op_ptr: *const u8, op_len: usize, ptr: *const u8, len: usize) -> usize;
    fn __host_response_len() -> usize;
    fn __host_response(ptr: *mut u8);
    fn __host_error_len() -> usize;
    fn __host_error(ptr: *mut u8);
}

#[no_mangle]
pub extern "C" fn __wasmbus_rpc_version() -> u32 {
    1
}

fn respond(b: &[u8]) -> i32 {
    unsafe { __guest_response(b.as_ptr(), b.len()) };
    1
}

fn fail(s: &str) -> i32 {
    unsafe { __guest_error(s.as_ptr(), s.len()) };
    0
}

fn host_call(bd: &[u8], ns: &[u8], op: &[u8], p: &[u8]) -> Result<Vec<u8>, String> {
    let rc = unsafe { __host_call(bd.as_ptr(), bd.len(), ns.as_ptr(), ns.len(), op.as_ptr(), op.len(), p.as_ptr(), p.len()) };
    if rc == 1 {
        let mut v = vec![0u8; unsafe { __host_response_len() }];
        unsafe { __host_response(v.as_mut_ptr()) };
        Ok(v)
    } else {
        let mut v = vec![0u8; unsafe { __host_error_len() }];
        unsafe { __host_error(v.as_mut_ptr()) };
        Err(String::from_utf8_lossy(&v).into_owned())
    }
}

// wasmcloud-interface-testing >= 0.5: 0x7f, then TestResults as CBOR arrays [name, passed, snapData|null].
fn cbor_text(out: &mut Vec<u8>, major: u8, b: &[u8]) {
    if b.len() < 24 {
        out.push(major | b.len() as u8);
    } else {
        out.push(major | 24);
        out.push(b.len() as u8);
    }
    out.extend_from_slice(b);
}

fn test_results() -> Vec<u8> {
    let mut out = vec![0x7f, 0x82];
    out.push(0x83);
    cbor_text(&mut out, 0x60, b"adds");
    out.push(0xf5);
    out.push(0xf6);
    out.push(0x83);
    cbor_text(&mut out, 0x60, b"fails");
    out.push(0xf4);
    cbor_text(&mut out, 0x40, b"{\"error\":\"expected 2\"}");
    out
}

fn field(buf: &[u8], at: usize) -> (&[u8], usize) {
    let n = buf[at] as usize;
    (&buf[at + 1..at + 1 + n], at + 1 + n)
}

#[no_mangle]
pub extern "C" fn __guest_call(op_len: i32, req_len: i32) -> i32 {
    let mut op = vec![0u8; op_len as usize];
    let mut req = vec![0u8; req_len as usize];
    unsafe { __guest_request(op.as_mut_ptr(), req.as_mut_ptr()) };
    match &op[..] {
        b"Echo.Echo" => respond(&req),
        b"Panic.Panic" => panic!("boom"),
        b"Alloc.Forever" => {
            let mut keep: Vec<Vec<u8>> = Vec::new();
            loop {
                keep.push(vec![1u8; 1 << 20]);
                if keep.len() == usize::MAX {
                    return respond(&keep[0]);
                }
            }
        }
        b"Testing.Start" => respond(&test_results()),
        b"Host.Call" => {
            let (bd, at) = field(&req, 0);
            let (ns, at) = field(&req, at);
            let (hop, at) = field(&req, at);
            match host_call(bd, ns, hop, &req[at..]) {
                Ok(v) => respond(&v),
                Err(e) => fail(&format!("Host error: {}", e)),
            }
        }
        _ => fail(&format!("Guest call failed for method {}: method not handled", String::from_utf8_lossy(&op))),
    }
}
