;; The hot loop of deadline-instrument.ts in WebAssembly: rewrites a code section's function bodies
;; (a deadline check at each body's start and at the head of every loop body; call, return_call and
;; ref.func indexes at or above the import count moved up by one). V8 compiles this small module
;; with Liftoff once per process, so even the first actor start runs it at machine speed; the same
;; loop in JavaScript ran in V8's interpreter until optimized (6-18 ms for a 40 KB actor, then
;; about 0.15-0.7 ms). The embedded bytes are in deadline-rewriter-wasm.ts (its spec checks them).
;;
;; Memory: [0, 256) the immediates kind of each opcode (OPS of deadline-instrument.ts, written by
;; the caller); [256, 512) the check's bytes; the input from 1024, the output after it. Anything
;; not decoded traps (unreachable), and the caller leaves the module alone.
(module
  (memory (export "memory") 1)
  (global $pos (mut i32) (i32.const 0))
  (global $end (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))
  (global $imports (mut i32) (i32.const 0))
  (global $snipLen (mut i32) (i32.const 0))

  ;; One byte at $pos, bounds-checked against $end.
  (func $byte (result i32)
    (local $b i32)
    (if (i32.ge_u (global.get $pos) (global.get $end)) (then unreachable))
    (local.set $b (i32.load8_u (global.get $pos)))
    (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
    (local.get $b))

  ;; An unsigned LEB of at most 5 bytes at $pos.
  (func $u32 (result i32)
    (local $result i32) (local $shift i32) (local $b i32) (local $i i32)
    (loop $next
      (local.set $b (call $byte))
      (local.set $result (i32.or (local.get $result) (i32.shl (i32.and (local.get $b) (i32.const 0x7f)) (local.get $shift))))
      (if (i32.eqz (i32.and (local.get $b) (i32.const 0x80))) (then (return (local.get $result))))
      (local.set $shift (i32.add (local.get $shift) (i32.const 7)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 5))))
    unreachable)

  ;; Past a LEB without reading it (a LEB running past the sequence fails at the next instruction).
  (func $skip
    (local $b i32)
    (loop $next
      (local.set $b (i32.load8_u (global.get $pos)))
      (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
      (br_if $next (i32.and (local.get $b) (i32.const 0x80)))))

  ;; An unsigned LEB at $out.
  (func $write (param $v i32)
    (local $b i32)
    (loop $next
      (local.set $b (i32.and (local.get $v) (i32.const 0x7f)))
      (local.set $v (i32.shr_u (local.get $v) (i32.const 7)))
      (if (local.get $v) (then (local.set $b (i32.or (local.get $b) (i32.const 0x80)))))
      (i32.store8 (global.get $out) (local.get $b))
      (global.set $out (i32.add (global.get $out) (i32.const 1)))
      (br_if $next (local.get $v))))

  ;; Input [from, to) to $out.
  (func $copy (param $from i32) (param $to i32)
    (memory.copy (global.get $out) (local.get $from) (i32.sub (local.get $to) (local.get $from)))
    (global.set $out (i32.add (global.get $out) (i32.sub (local.get $to) (local.get $from)))))

  (func $check
    (memory.copy (global.get $out) (i32.const 256) (global.get $snipLen))
    (global.set $out (i32.add (global.get $out) (global.get $snipLen))))

  ;; Past a block type: 0x40, a value type, or a type index (a signed LEB of at most 5 bytes).
  (func $blockType
    (local $b i32) (local $i i32)
    (local.set $b (i32.load8_u (global.get $pos)))
    (if (i32.or (i32.eq (local.get $b) (i32.const 0x40))
          (i32.or (i32.and (i32.ge_u (local.get $b) (i32.const 0x7b)) (i32.le_u (local.get $b) (i32.const 0x7f)))
            (i32.or (i32.eq (local.get $b) (i32.const 0x70)) (i32.eq (local.get $b) (i32.const 0x6f)))))
      (then (global.set $pos (i32.add (global.get $pos) (i32.const 1))) (return)))
    (loop $next
      (local.set $b (i32.load8_u (global.get $pos)))
      (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
      (if (i32.eqz (i32.and (local.get $b) (i32.const 0x80))) (then (return)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 5))))
    unreachable)

  (func $memarg
    (local $align i32)
    (local.set $align (i32.load8_u (global.get $pos)))
    (call $skip)
    (if (i32.and (local.get $align) (i32.const 0x40)) (then (call $skip)))
    (call $skip))

  ;; Saturating truncation (0-7), bulk memory and tables (8-17).
  (func $prefixFC
    (local $sub i32)
    (local.set $sub (call $u32))
    (if (i32.le_u (local.get $sub) (i32.const 7)) (then (return)))
    (if (i32.or (i32.or (i32.eq (local.get $sub) (i32.const 8)) (i32.eq (local.get $sub) (i32.const 10)))
          (i32.or (i32.eq (local.get $sub) (i32.const 12)) (i32.eq (local.get $sub) (i32.const 14))))
      (then (drop (call $u32)) (drop (call $u32)) (return)))
    (if (i32.le_u (local.get $sub) (i32.const 17)) (then (drop (call $u32)) (return)))
    unreachable)

  ;; SIMD and relaxed SIMD.
  (func $prefixFD
    (local $sub i32)
    (local.set $sub (call $u32))
    (if (i32.or (i32.le_u (local.get $sub) (i32.const 11)) (i32.or (i32.eq (local.get $sub) (i32.const 92)) (i32.eq (local.get $sub) (i32.const 93))))
      (then (call $memarg) (return)))
    (if (i32.or (i32.eq (local.get $sub) (i32.const 12)) (i32.eq (local.get $sub) (i32.const 13)))
      (then (global.set $pos (i32.add (global.get $pos) (i32.const 16))) (return)))
    (if (i32.and (i32.ge_u (local.get $sub) (i32.const 21)) (i32.le_u (local.get $sub) (i32.const 34)))
      (then (global.set $pos (i32.add (global.get $pos) (i32.const 1))) (return)))
    (if (i32.and (i32.ge_u (local.get $sub) (i32.const 84)) (i32.le_u (local.get $sub) (i32.const 91)))
      (then (call $memarg) (global.set $pos (i32.add (global.get $pos) (i32.const 1))) (return)))
    (if (i32.and (i32.gt_u (local.get $sub) (i32.const 0xff))
          (i32.eqz (i32.and (i32.ge_u (local.get $sub) (i32.const 0x100)) (i32.le_u (local.get $sub) (i32.const 0x113)))))
      (then unreachable)))

  ;; One body's instructions, until the `end` that closes it (depth 0).
  (func $run
    (local $pending i32) (local $depth i32) (local $start i32) (local $op i32) (local $n i32) (local $f i32)
    (local.set $pending (global.get $pos))
    (loop $instr
      (if (i32.ge_u (global.get $pos) (global.get $end)) (then unreachable))
      (local.set $start (global.get $pos))
      (local.set $op (i32.load8_u (global.get $pos)))
      (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
      (block $fd (block $fc (block $refNull (block $f64 (block $f32 (block $s64 (block $s32 (block $memarg
      (block $selectT (block $u32x2 (block $brTable (block $u32 (block $func (block $loop (block $block
      (block $endOp (block $none (block $unsupported
        (br_table $unsupported $none $endOp $block $loop $func $u32 $brTable $u32x2 $selectT $memarg $s32 $s64 $f32 $f64 $refNull $fc $fd $unsupported
          (i32.load8_u (local.get $op))))
        unreachable)
        (br $instr))
        ;; end
        (if (i32.eqz (local.get $depth)) (then
          (call $copy (local.get $pending) (global.get $pos))
          (return)))
        (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
        (br $instr))
        ;; block, if
        (call $blockType)
        (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
        (br $instr))
        ;; loop: the check at the head of its body
        (call $blockType)
        (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
        (if (i32.gt_u (global.get $pos) (global.get $end)) (then unreachable))
        (call $copy (local.get $pending) (global.get $pos))
        (local.set $pending (global.get $pos))
        (call $check)
        (br $instr))
        ;; call, return_call, ref.func: the index moves up past the new import
        (local.set $f (call $u32))
        (call $copy (local.get $pending) (local.get $start))
        (i32.store8 (global.get $out) (local.get $op))
        (global.set $out (i32.add (global.get $out) (i32.const 1)))
        (call $write (select (i32.add (local.get $f) (i32.const 1)) (local.get $f) (i32.ge_u (local.get $f) (global.get $imports))))
        (local.set $pending (global.get $pos))
        (br $instr))
        ;; u32
        (call $skip)
        (br $instr))
        ;; br_table: n + 1 labels
        (local.set $n (call $u32))
        (local.set $f (i32.const 0))
        (block $done
          (loop $label
            (br_if $done (i32.ge_u (global.get $pos) (global.get $end)))
            (call $skip)
            (br_if $done (i32.eq (local.get $f) (local.get $n)))
            (local.set $f (i32.add (local.get $f) (i32.const 1)))
            (br $label)))
        (br $instr))
        ;; two u32s
        (call $skip)
        (call $skip)
        (br $instr))
        ;; select t*: a count, then that many one-byte types
        (local.set $n (call $u32))
        (global.set $pos (i32.add (global.get $pos) (local.get $n)))
        (br $instr))
        ;; memarg
        (call $memarg)
        (br $instr))
        ;; s32
        (call $skip)
        (br $instr))
        ;; s64
        (call $skip)
        (br $instr))
        ;; f32
        (global.set $pos (i32.add (global.get $pos) (i32.const 4)))
        (br $instr))
        ;; f64
        (global.set $pos (i32.add (global.get $pos) (i32.const 8)))
        (br $instr))
        ;; ref.null: funcref or externref only
        (local.set $n (i32.load8_u (global.get $pos)))
        (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
        (if (i32.and (i32.ne (local.get $n) (i32.const 0x70)) (i32.ne (local.get $n) (i32.const 0x6f))) (then unreachable))
        (br $instr))
        (call $prefixFC)
        (br $instr))
      (call $prefixFD)
      (br $instr)))

  ;; The code section's content [from, to) rewritten at `out`; returns the output's end. Body sizes
  ;; are written as 5-byte LEBs (padded, as the format allows), so a body is rewritten in place.
  (func (export "rewrite") (param $from i32) (param $to i32) (param $out i32) (param $imports i32) (param $snipLen i32) (result i32)
    (local $n i32) (local $i i32) (local $size i32) (local $bodyEnd i32) (local $sizeAt i32) (local $bodyStart i32) (local $locals i32) (local $len i32)
    (global.set $pos (local.get $from))
    (global.set $end (local.get $to))
    (global.set $out (local.get $out))
    (global.set $imports (local.get $imports))
    (global.set $snipLen (local.get $snipLen))
    (local.set $n (call $u32))
    (call $write (local.get $n))
    (block $done
      (loop $body
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (global.set $end (local.get $to))
        (local.set $size (call $u32))
        (local.set $bodyEnd (i32.add (global.get $pos) (local.get $size)))
        (if (i32.gt_u (local.get $bodyEnd) (local.get $to)) (then unreachable))
        (global.set $end (local.get $bodyEnd))
        (local.set $sizeAt (global.get $out))
        (global.set $out (i32.add (global.get $out) (i32.const 5)))
        (local.set $bodyStart (global.get $pos))
        (local.set $locals (call $u32))
        (block $declared
          (loop $local
            (br_if $declared (i32.eqz (local.get $locals)))
            (drop (call $u32))
            (drop (call $byte))
            (local.set $locals (i32.sub (local.get $locals) (i32.const 1)))
            (br $local)))
        (call $copy (local.get $bodyStart) (global.get $pos))
        (call $check)
        (call $run)
        (if (i32.ne (global.get $pos) (local.get $bodyEnd)) (then unreachable))
        (local.set $len (i32.sub (global.get $out) (i32.add (local.get $sizeAt) (i32.const 5))))
        (i32.store8 (local.get $sizeAt) (i32.or (i32.and (local.get $len) (i32.const 0x7f)) (i32.const 0x80)))
        (i32.store8 offset=1 (local.get $sizeAt) (i32.or (i32.and (i32.shr_u (local.get $len) (i32.const 7)) (i32.const 0x7f)) (i32.const 0x80)))
        (i32.store8 offset=2 (local.get $sizeAt) (i32.or (i32.and (i32.shr_u (local.get $len) (i32.const 14)) (i32.const 0x7f)) (i32.const 0x80)))
        (i32.store8 offset=3 (local.get $sizeAt) (i32.or (i32.and (i32.shr_u (local.get $len) (i32.const 21)) (i32.const 0x7f)) (i32.const 0x80)))
        (i32.store8 offset=4 (local.get $sizeAt) (i32.and (i32.shr_u (local.get $len) (i32.const 28)) (i32.const 0x0f)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $body)))
    (if (i32.ne (global.get $pos) (local.get $to)) (then unreachable))
    (global.get $out))
)
