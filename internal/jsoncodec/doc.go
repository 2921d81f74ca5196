// Package jsoncodec is the JSON encoder and decoder for loopdb's own records
// (catalog descriptors, accounts) and for validating JSON column input.
//
// It is bytedance/sonic where sonic runs (64-bit x86 and ARM, where its JIT
// and SIMD paths make it several times faster than encoding/json) and
// encoding/json everywhere else: sonic refuses to build for 32-bit targets,
// and loopdb runs on 32-bit ARM gateways too. Both sides encode like
// encoding/json (sonic.ConfigStd: HTML-escaped, map keys sorted), so a
// record written by one is read by the other.
package jsoncodec
