package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
)

// Opening a bleve index decodes the mapping stored in it from JSON, and
// trustwatch's mapping is large (every vendor has its own text fields):
// some 3 ms a part at every ask, more than the rest of the open. Open
// builds the same mapping first (newMapping); bleve's JSON decoding hook
// (util.UnmarshalJSON, meant to be set at init) then hands bleve that
// mapping when the stored JSON is byte for byte the JSON of a mapping this
// process built, and decodes anything else as before. A stored mapping
// that differs in any byte (another version, another registry) is decoded
// as it always was, and Open's version check then does what it did.
var knownMappings struct {
	sync.Mutex
	byJSON map[string]*mapping.IndexMappingImpl
}

// knownMappingsMax bounds the mappings kept: a process opens indexes with
// one registry, its tests with a few.
const knownMappingsMax = 8

func init() {
	decode := util.UnmarshalJSON
	util.UnmarshalJSON = func(data []byte, v interface{}) error {
		if p, ok := v.(**mapping.IndexMappingImpl); ok {
			if m := knownMapping(data); m != nil {
				*p = m
				return nil
			}
		}
		return decode(data, v)
	}
}

// rememberMapping records m, built by newMapping, for the opens that
// follow, and returns its JSON: what bleve stores of a mapping
// (util.MarshalJSON); nil if it has none.
func rememberMapping(m *mapping.IndexMappingImpl) []byte {
	b, err := util.MarshalJSON(m)
	if err != nil {
		return nil // bleve would fail to store it too; decoded as before
	}
	knownMappings.Lock()
	defer knownMappings.Unlock()
	if knownMappings.byJSON == nil || len(knownMappings.byJSON) >= knownMappingsMax {
		knownMappings.byJSON = map[string]*mapping.IndexMappingImpl{}
	}
	knownMappings.byJSON[string(b)] = m
	return b
}

func knownMapping(data []byte) *mapping.IndexMappingImpl {
	knownMappings.Lock()
	defer knownMappings.Unlock()
	return knownMappings.byJSON[string(data)]
}
