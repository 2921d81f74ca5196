package storage

// Key namespaces. The first byte says what a key is, so unrelated data never
// interleaves in a scan:
//
//	'm' + kind + parts...  catalog and other metadata (accounts, schemas)
//	't' + tableID + ...    table rows and indexes (exec lays out the rest)
const (
	MetaPrefix  byte = 'm'
	TablePrefix byte = 't'
)

// MetaKey builds a catalog key: 'm', then kind and each part as escaped,
// self-delimiting strings. Because every component is self-delimiting, kind
// "acct" never collides with kind "acctx", nor ("a","bc") with ("ab","c").
func MetaKey(kind string, parts ...string) []byte {
	key := MetaKindPrefix(kind)
	for _, p := range parts {
		key = AppendString(key, p)
	}
	return key
}

// MetaKindPrefix is the common prefix of all MetaKey(kind, ...) keys; scan
// [MetaKindPrefix(kind), PrefixEnd(MetaKindPrefix(kind))) to list them.
func MetaKindPrefix(kind string) []byte {
	return AppendString([]byte{MetaPrefix}, kind)
}

// DecodeMetaKey splits a key built by MetaKey back into kind and parts.
func DecodeMetaKey(key []byte) (kind string, parts []string, err error) {
	if len(key) == 0 || key[0] != MetaPrefix {
		return "", nil, ErrBadKey
	}
	kind, rest, err := DecodeString(key[1:])
	if err != nil {
		return "", nil, err
	}
	for len(rest) > 0 {
		var part string
		part, rest, err = DecodeString(rest)
		if err != nil {
			return "", nil, err
		}
		parts = append(parts, part)
	}
	return kind, parts, nil
}
