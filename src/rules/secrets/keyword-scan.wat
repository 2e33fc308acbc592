;; The keyword automaton's hot loop in WebAssembly (compiled to keyword-scan.wasm by
;; scripts/build-wasm.mjs). keyword-scan.ts fills the memory and reads the hits back.
;;
;; Each step of an automaton depends on the one before, so one pass over the bytes waits on a
;; table load per byte. `scan4` walks four independent stretches of the input in the same loop,
;; so the processor overlaps their loads. `narrow` turns UTF-16 text into the bytes the scans read.
;;
;; Memory layout (bytes):
;;   0     CLASS  256 x u8   byte -> its character class x 4 (0 for bytes in no keyword)
;;   256   NAME   256 x u8   1 for characters that continue a name: letters, digits, _ - .
;;   512   ALNUM  256 x u8   1 for letters and digits
;;   768   FOLLOW 256 x u8   bit 0: a quote, bracket or backslash (" ' ] \), bit 1: a space, bit 2: the first
;;                           character of an assignment (: = ? | . , >)
;;   1024  DELTA  i32 per (state, class): the next state's row in bytes (state x classes x 4).
;;                A state that reports keywords is stored bit-inverted (negative), its row's low
;;                bits carrying what may follow its keywords (rows are multiples of 8):
;;                bit 0: every keyword of the state must end a name; bit 1: every keyword must be
;;                followed by a run of letters or digits, of at least RUN[state] of them; bit 2:
;;                every keyword must be followed by an assignment (at most two quotes or brackets,
;;                at most four spaces, optionally a type word of at most 16 letters or digits and
;;                four more spaces, then : = ? | . , or >).
;;   $run   RUN    i32 per state
;; A hit is two i32 at the output pointer: the position of the keyword's last byte and the row of
;; the reporting state (flags cleared). Hits that what follows rules out are not written.
(module
  (import "env" "memory" (memory 1))
  ;; Set by keyword-scan.ts: where RUN starts, and the bytes of one row (classes x 4).
  (global $run (export "run") (mut i32) (i32.const 0))
  (global $rowBytes (export "rowBytes") (mut i32) (i32.const 4))
  ;; Where the hits of the second, third and fourth stream of `scan4` ended.
  (global $out1 (export "out1") (mut i32) (i32.const 0))
  (global $out2 (export "out2") (mut i32) (i32.const 0))
  (global $out3 (export "out3") (mut i32) (i32.const 0))

  ;; Whether the keywords of reporting row `v` (flags in its low bits) count at position `p`.
  (func $keep (param $v i32) (param $p i32) (result i32)
    (local $need i32) (local $q i32)
    (if (i32.and (local.get $v) (i32.const 1))
      (then
        (if (i32.load8_u offset=256 (i32.load8_u (i32.add (local.get $p) (i32.const 1))))
          (then (return (i32.const 0))))))
    (if (i32.and (local.get $v) (i32.const 4))
      (then
        (local.set $q (i32.add (local.get $p) (i32.const 1)))
        (local.set $need (i32.const 2))
        (block $quoted
          (loop $quote
            (br_if $quoted (i32.eqz (local.get $need)))
            (br_if $quoted (i32.eqz (i32.and (i32.load8_u offset=768 (i32.load8_u (local.get $q))) (i32.const 1))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (local.set $need (i32.sub (local.get $need) (i32.const 1)))
            (br $quote)))
        (local.set $need (i32.const 4))
        (block $spaced
          (loop $space
            (br_if $spaced (i32.eqz (local.get $need)))
            (br_if $spaced (i32.eqz (i32.and (i32.load8_u offset=768 (i32.load8_u (local.get $q))) (i32.const 2))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (local.set $need (i32.sub (local.get $need) (i32.const 1)))
            (br $space)))
        ;; a type between name and assignment (Go `k string =`): after a space, a word of at most
        ;; 16 letters or digits and at most four more spaces
        (if (i32.and
              (i32.lt_u (local.get $need) (i32.const 4))
              (i32.load8_u offset=512 (i32.load8_u (local.get $q))))
          (then
            (local.set $need (i32.const 16))
            (block $worded
              (loop $word
                (br_if $worded (i32.eqz (local.get $need)))
                (br_if $worded (i32.eqz (i32.load8_u offset=512 (i32.load8_u (local.get $q)))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (local.set $need (i32.sub (local.get $need) (i32.const 1)))
                (br $word)))
            (local.set $need (i32.const 4))
            (block $spaced2
              (loop $space2
                (br_if $spaced2 (i32.eqz (local.get $need)))
                (br_if $spaced2 (i32.eqz (i32.and (i32.load8_u offset=768 (i32.load8_u (local.get $q))) (i32.const 2))))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (local.set $need (i32.sub (local.get $need) (i32.const 1)))
                (br $space2)))))
        (if (i32.eqz (i32.and (i32.load8_u offset=768 (i32.load8_u (local.get $q))) (i32.const 4)))
          (then (return (i32.const 0))))))
    (if (i32.and (local.get $v) (i32.const 2))
      (then
        (local.set $need
          (i32.load
            (i32.add
              (global.get $run)
              (i32.shl
                (i32.div_u (i32.and (local.get $v) (i32.const -8)) (global.get $rowBytes))
                (i32.const 2)))))
        (local.set $q (i32.add (local.get $p) (i32.const 1)))
        (block $checked
          (loop $next
            (br_if $checked (i32.eqz (local.get $need)))
            (if (i32.eqz (i32.load8_u offset=512 (i32.load8_u (local.get $q))))
              (then (return (i32.const 0))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (local.set $need (i32.sub (local.get $need) (i32.const 1)))
            (br $next)))))
    (i32.const 1))

  ;; One stream: bytes [p, p + n), hits from `out`; returns where they end.
  (func (export "scan1") (param $p i32) (param $n i32) (param $out i32) (result i32)
    (local $row i32) (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $row
          (i32.load offset=1024 (i32.add (local.get $row) (i32.load8_u (i32.load8_u (local.get $p))))))
        (if (i32.lt_s (local.get $row) (i32.const 0))
          (then
            (local.set $row (i32.xor (local.get $row) (i32.const -1)))
            (if (call $keep (local.get $row) (local.get $p))
              (then
                (i32.store (local.get $out) (local.get $p))
                (i32.store offset=4 (local.get $out) (i32.and (local.get $row) (i32.const -8)))
                (local.set $out (i32.add (local.get $out) (i32.const 8)))))
            (local.set $row (i32.and (local.get $row) (i32.const -8)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $out))

  ;; Four streams of n bytes each, from p0 … p3, hits from o0 … o3; returns where stream 0's hits
  ;; end, and leaves where the others' end in $out1 … $out3.
  (func (export "scan4") (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $n i32)
    (param $o0 i32) (param $o1 i32) (param $o2 i32) (param $o3 i32) (result i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $end i32)
    (local.set $end (i32.add (local.get $p0) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p0) (local.get $end)))
        (local.set $r0
          (i32.load offset=1024 (i32.add (local.get $r0) (i32.load8_u (i32.load8_u (local.get $p0))))))
        (local.set $r1
          (i32.load offset=1024 (i32.add (local.get $r1) (i32.load8_u (i32.load8_u (local.get $p1))))))
        (local.set $r2
          (i32.load offset=1024 (i32.add (local.get $r2) (i32.load8_u (i32.load8_u (local.get $p2))))))
        (local.set $r3
          (i32.load offset=1024 (i32.add (local.get $r3) (i32.load8_u (i32.load8_u (local.get $p3))))))
        (if (i32.lt_s (i32.or (i32.or (local.get $r0) (local.get $r1)) (i32.or (local.get $r2) (local.get $r3))) (i32.const 0))
          (then
            (if (i32.lt_s (local.get $r0) (i32.const 0))
              (then
                (local.set $r0 (i32.xor (local.get $r0) (i32.const -1)))
                (if (call $keep (local.get $r0) (local.get $p0))
                  (then
                    (i32.store (local.get $o0) (local.get $p0))
                    (i32.store offset=4 (local.get $o0) (i32.and (local.get $r0) (i32.const -8)))
                    (local.set $o0 (i32.add (local.get $o0) (i32.const 8)))))
                (local.set $r0 (i32.and (local.get $r0) (i32.const -8)))))
            (if (i32.lt_s (local.get $r1) (i32.const 0))
              (then
                (local.set $r1 (i32.xor (local.get $r1) (i32.const -1)))
                (if (call $keep (local.get $r1) (local.get $p1))
                  (then
                    (i32.store (local.get $o1) (local.get $p1))
                    (i32.store offset=4 (local.get $o1) (i32.and (local.get $r1) (i32.const -8)))
                    (local.set $o1 (i32.add (local.get $o1) (i32.const 8)))))
                (local.set $r1 (i32.and (local.get $r1) (i32.const -8)))))
            (if (i32.lt_s (local.get $r2) (i32.const 0))
              (then
                (local.set $r2 (i32.xor (local.get $r2) (i32.const -1)))
                (if (call $keep (local.get $r2) (local.get $p2))
                  (then
                    (i32.store (local.get $o2) (local.get $p2))
                    (i32.store offset=4 (local.get $o2) (i32.and (local.get $r2) (i32.const -8)))
                    (local.set $o2 (i32.add (local.get $o2) (i32.const 8)))))
                (local.set $r2 (i32.and (local.get $r2) (i32.const -8)))))
            (if (i32.lt_s (local.get $r3) (i32.const 0))
              (then
                (local.set $r3 (i32.xor (local.get $r3) (i32.const -1)))
                (if (call $keep (local.get $r3) (local.get $p3))
                  (then
                    (i32.store (local.get $o3) (local.get $p3))
                    (i32.store offset=4 (local.get $o3) (i32.and (local.get $r3) (i32.const -8)))
                    (local.set $o3 (i32.add (local.get $o3) (i32.const 8)))))
                (local.set $r3 (i32.and (local.get $r3) (i32.const -8)))))))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 1)))
        (local.set $p1 (i32.add (local.get $p1) (i32.const 1)))
        (local.set $p2 (i32.add (local.get $p2) (i32.const 1)))
        (local.set $p3 (i32.add (local.get $p3) (i32.const 1)))
        (br $next)))
    (global.set $out1 (local.get $o1))
    (global.set $out2 (local.get $o2))
    (global.set $out3 (local.get $o3))
    (local.get $o0))

  ;; UTF-16 code units to one byte each: n units from `src` (two bytes each) to `dst`; a unit past
  ;; 255 becomes 0 or 255, which like every byte past ASCII is in no keyword and continues no name.
  ;; Works 16 units at a time: writes up to 15 bytes past dst + n and reads up to 30 past src + 2n.
  (func (export "narrow") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst)
          (i8x16.narrow_i16x8_u (v128.load (local.get $src)) (v128.load offset=16 (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))
)
