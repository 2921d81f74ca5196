package jsoncodec

import (
	"encoding/json"
	"testing"
)

type record struct {
	Name  string            `json:"name"`
	Flen  int               `json:"flen,omitempty"`
	Elems []string          `json:"elems,omitempty"`
	Attrs map[string]string `json:"attrs,omitempty"`
}

// Records written by this build must read back here and under
// encoding/json (the other build), and the reverse.
func TestRecordsCrossTheBuilds(t *testing.T) {
	in := record{Name: "a<b>&\"c\"\u00e9", Flen: 255, Elems: []string{"x", ""}, Attrs: map[string]string{"z": "1", "a": "2"}}
	ours, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	std, _ := json.Marshal(in)
	if string(ours) != string(std) {
		t.Fatalf("encodes differently from encoding/json:\n ours %s\n std  %s", ours, std)
	}
	var back record
	if err := Unmarshal(std, &back); err != nil || back.Name != in.Name || back.Attrs["a"] != "2" || len(back.Elems) != 2 {
		t.Fatalf("Unmarshal(%s) = %+v, %v", std, back, err)
	}
	if err := Unmarshal([]byte(`{"name":`), &back); err == nil {
		t.Fatal("a truncated record decoded")
	}
}

func TestValidString(t *testing.T) {
	for s, want := range map[string]bool{`{"a":[1,2.5,"x",null,true]}`: true, `"x"`: true, `12`: true,
		`{"a":}`: false, ``: false, `[1,]`: false, `{"a":1} x`: false} {
		if got := ValidString(s); got != want {
			t.Errorf("ValidString(%q) = %v, want %v", s, got, want)
		}
	}
}
