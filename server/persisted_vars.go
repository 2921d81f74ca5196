package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/internal/jsoncodec"
)

// persistFileName is where SET PERSIST's settings live in the data
// directory, under MySQL's name and in its layout (format version 1):
//
//	{"Version": 1, "mysql_server": {"max_connections": {"Value": "500",
//	  "Metadata": {"Timestamp": 1733400000000000, "User": "root", "Host": "localhost"}}}}
//
// Timestamp is microseconds since the Unix epoch, as MySQL writes it.
// Editing the file by hand while the server is down works as with MySQL;
// the server rewrites it whole on every SET PERSIST and RESET PERSIST.
//
// MySQL keeps read-only variables set with PERSIST_ONLY in a nested
// section, mysql_server_static_variables. loopdb does not apply that
// section (it refuses PERSIST_ONLY of a read-only variable) but carries it
// through every rewrite unchanged, so a file copied from MySQL loses nothing.
const persistFileName = "mysqld-auto.cnf"

// staticSection is the key of MySQL's nested section for read-only variables.
const staticSection = "mysql_server_static_variables"

type persistFile struct {
	path string
	// static is the staticSection as last read, written back on Save.
	static json.RawMessage
}

type persistDoc struct {
	Version     int                        `json:"Version"`
	MySQLServer map[string]json.RawMessage `json:"mysql_server"`
}

type persistRecord struct {
	Value    string          `json:"Value"`
	Metadata persistMetadata `json:"Metadata"`
}

type persistMetadata struct {
	Timestamp int64  `json:"Timestamp"`
	User      string `json:"User"`
	Host      string `json:"Host"`
}

func newPersistFile(dataDir string) *persistFile {
	return &persistFile{path: filepath.Join(dataDir, persistFileName)}
}

// Load reads the file; a missing file is an empty list.
func (p *persistFile) Load() ([]exec.PersistedVar, error) {
	data, err := os.ReadFile(p.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", p.path, err)
	}
	var doc persistDoc
	if err := jsoncodec.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("reading %s: not the JSON SET PERSIST writes: %w", p.path, err)
	}
	if doc.Version != 1 {
		return nil, fmt.Errorf("reading %s: format version %d, this build reads version 1", p.path, doc.Version)
	}
	list := make([]exec.PersistedVar, 0, len(doc.MySQLServer))
	p.static = nil
	for name, raw := range doc.MySQLServer {
		if name == staticSection {
			p.static = raw
			continue
		}
		var r persistRecord
		if err := jsoncodec.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("reading %s: the entry for %q is not a Value/Metadata record: %w", p.path, name, err)
		}
		list = append(list, exec.PersistedVar{Name: name, Value: r.Value, User: r.Metadata.User, Host: r.Metadata.Host,
			SetAt: time.UnixMicro(r.Metadata.Timestamp).UTC()})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	return list, nil
}

// Save replaces the file with list: written to a temporary file, synced,
// renamed over the old one and the directory synced, so a crash leaves
// the old list or the new one, never a torn file.
func (p *persistFile) Save(list []exec.PersistedVar) error {
	doc := persistDoc{Version: 1, MySQLServer: make(map[string]json.RawMessage, len(list)+1)}
	for _, v := range list {
		raw, err := jsoncodec.Marshal(persistRecord{Value: v.Value,
			Metadata: persistMetadata{Timestamp: v.SetAt.UnixMicro(), User: v.User, Host: v.Host}})
		if err != nil {
			return err
		}
		doc.MySQLServer[v.Name] = raw
	}
	if p.static != nil {
		doc.MySQLServer[staticSection] = p.static
	}
	data, err := jsoncodec.Marshal(doc)
	if err != nil {
		return err
	}
	tmp := p.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err = f.Write(append(data, '\n')); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p.path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	dir, err := os.Open(filepath.Dir(p.path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}
