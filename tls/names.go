package tls

import stdtls "crypto/tls"

// opensslNames maps the TLS 1.2 suites loopdb offers to the OpenSSL names
// MySQL shows in Ssl_cipher (TLS 1.3 suites have one name in both worlds).
var opensslNames = map[uint16]string{
	stdtls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:       "ECDHE-ECDSA-AES128-GCM-SHA256",
	stdtls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:       "ECDHE-ECDSA-AES256-GCM-SHA384",
	stdtls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-ECDSA-CHACHA20-POLY1305",
	stdtls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:         "ECDHE-RSA-AES128-GCM-SHA256",
	stdtls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:         "ECDHE-RSA-AES256-GCM-SHA384",
	stdtls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:   "ECDHE-RSA-CHACHA20-POLY1305",
}

// CipherName is a cipher suite's name as MySQL reports it (Ssl_cipher).
func CipherName(id uint16) string {
	if n, ok := opensslNames[id]; ok {
		return n
	}
	return stdtls.CipherSuiteName(id)
}

// VersionName is a protocol version as MySQL reports it (Ssl_version).
func VersionName(v uint16) string {
	switch v {
	case stdtls.VersionTLS13:
		return "TLSv1.3"
	case stdtls.VersionTLS12:
		return "TLSv1.2"
	}
	return stdtls.VersionName(v)
}
