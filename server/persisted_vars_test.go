package server

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/loopdb/loopdb/exec"
)

func TestPersistFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p := newPersistFile(dir)
	got, err := p.Load()
	if err != nil || len(got) != 0 {
		t.Fatalf("missing file: got %v, %v; want an empty list", got, err)
	}
	at := time.UnixMicro(1733400000123456).UTC()
	want := []exec.PersistedVar{
		{Name: "long_query_time", Value: "2.5", User: "root", Host: "localhost", SetAt: at},
		{Name: "max_connections", Value: "500", User: "admin", Host: "10.0.0.7", SetAt: at.Add(time.Second)},
	}
	if err := p.Save(want); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, persistFileName+".tmp")); !os.IsNotExist(err) {
		t.Errorf("the temporary file is left behind: %v", err)
	}
	got, err = p.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	// Saving an empty list leaves a valid, empty file.
	if err := p.Save(nil); err != nil {
		t.Fatal(err)
	}
	if got, err = p.Load(); err != nil || len(got) != 0 {
		t.Errorf("after saving nothing: %v, %v", got, err)
	}
}

// A file in the layout MySQL 8 writes loads; the nested section of
// read-only variables is not applied but survives a rewrite.
func TestPersistFileReadsMySQLLayout(t *testing.T) {
	dir := t.TempDir()
	mysqlText := `{ "Version" : 1 , "mysql_server" : { "max_connections" : { "Value" : "321" , "Metadata" : { "Timestamp" : 1600000000000000 , "User" : "root" , "Host" : "localhost" } } , "mysql_server_static_variables" : { "innodb_log_file_size" : { "Value" : "1073741824" , "Metadata" : { "Timestamp" : 1600000000000000 , "User" : "root" , "Host" : "localhost" } } } } }`
	if err := os.WriteFile(filepath.Join(dir, persistFileName), []byte(mysqlText), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := newPersistFile(dir).Load()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, v := range got {
		names = append(names, v.Name+"="+v.Value)
	}
	if strings.Join(names, ",") != "max_connections=321" {
		t.Fatalf("got %v", got)
	}
	if got[0].User != "root" || got[0].SetAt.UnixMicro() != 1600000000000000 {
		t.Errorf("metadata: %+v", got[0])
	}
	p := newPersistFile(dir)
	if _, err := p.Load(); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(nil); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(filepath.Join(dir, persistFileName))
	if !strings.Contains(string(text), `"innodb_log_file_size"`) || strings.Contains(string(text), `"max_connections"`) {
		t.Errorf("after RESET PERSIST the file should keep MySQL's static section only:\n%s", text)
	}
}

func TestPersistFileRejectsOtherFormats(t *testing.T) {
	for name, text := range map[string]string{
		"not JSON":    "max_connections=5\n",
		"version 2":   `{"Version":2,"mysql_server":{}}`,
		"wrong shape": `{"Version":1,"mysql_server":[1,2]}`,
		"truncated":   `{"Version":1,"mysql_server":{"a":{"Value":"1"`,
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, persistFileName), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := newPersistFile(dir).Load(); err == nil {
			t.Errorf("%s: loaded without an error", name)
		}
	}
}
