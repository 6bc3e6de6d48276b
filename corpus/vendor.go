package corpus

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Vendor is a technology vendor trustwatch tracks, with the names it goes by
// and the people known to speak for it.
type Vendor struct {
	// ID is the vendor's stable key: lower-case letters, digits and "-".
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// Aliases are the proper nouns articles name it by ("AWS", "Amazon").
	// Name is always an alias too.
	Aliases []string `yaml:"aliases" json:"aliases,omitempty"`
	// People are its known spokespeople, by full name.
	People []string `yaml:"people" json:"people,omitempty"`
}

// Registry is the set of known vendors, looked up by id, alias or person.
// Build it with Builtin, then Merge a user's file over it. A Registry never
// changes once built, so it is safe for concurrent use; a nil *Registry is
// an empty one.
type Registry struct {
	vendors []Vendor
	byID    map[string]int

	// Questions: folded phrase ("google cloud") → vendor, and the phrases
	// long enough to be matched with a misspelling.
	folded   map[string]int
	fuzzy    []fuzzyKey
	maxWords int
	// names with their repeated letters squeezed ("zom" for Zoom), for
	// a key held down ("Zooom")
	squeezed map[string]squeezedName

	// Articles: exact aliases and people by their first word.
	aliasAt  map[string][]pattern
	peopleAt map[string][]pattern
	// the first bytes of their keys, to skip most words without a lookup
	aliasFirst, peopleFirst [256]bool

	// People: folded full name, and unambiguous folded surname → vendor.
	person  map[string]int
	surname map[string]int
}

//go:embed vendors.yaml
var vendorsYAML []byte

// builtin is built once, on first use, and shared: Registry is immutable.
var builtin = sync.OnceValue(func() *Registry {
	r, err := LoadRegistry(vendorsYAML)
	if err != nil {
		// vendors.yaml is part of the program, and a test loads it.
		panic("corpus: built-in vendors.yaml: " + err.Error())
	}
	return r
})

// Builtin is the built-in vendor registry (vendors.yaml), covering the major
// cloud, SaaS and AI vendors. It is built once and shared.
func Builtin() *Registry { return builtin() }

// registryFile is the YAML shape of a registry file.
type registryFile struct {
	Vendors []Vendor `yaml:"vendors"`
}

// LoadRegistry reads a vendor registry file: a top-level "vendors:" list of
// id, name, aliases and people. Every vendor needs an id (lower-case
// letters, digits and "-"), ids are unique, and no alias or person may name
// two vendors; unknown keys are refused, to catch typos. All the problems
// found are reported together.
func LoadRegistry(data []byte) (*Registry, error) {
	var f registryFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("read vendor registry: empty file (want a top-level vendors: list)")
		}
		return nil, fmt.Errorf("read vendor registry: %w", err)
	}
	if len(f.Vendors) == 0 {
		return nil, errors.New("read vendor registry: no vendors (want a top-level vendors: list)")
	}
	var errs []error
	seen := map[string]int{}
	names := map[string]string{} // folded alias or person → vendor id
	for i := range f.Vendors {
		v := normVendor(f.Vendors[i])
		f.Vendors[i] = v
		at := fmt.Sprintf("vendor %d", i+1)
		if v.Name != "" {
			at += fmt.Sprintf(" (%s)", v.Name)
		}
		switch {
		case v.ID == "":
			errs = append(errs, fmt.Errorf("%s: no id", at))
			continue
		case !validID(v.ID):
			errs = append(errs, fmt.Errorf("%s: id %q: use lower-case letters, digits and -", at, v.ID))
		}
		if j, dup := seen[v.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: id %q is also vendor %d's", at, v.ID, j+1))
		}
		seen[v.ID] = i
		for _, n := range slices.Concat(v.Aliases, v.People) {
			k := foldPhrase(n)
			if k == "" {
				errs = append(errs, fmt.Errorf("%s: %q has no letters or digits", at, n))
				continue
			}
			if other, ok := names[k]; ok && other != v.ID {
				errs = append(errs, fmt.Errorf("%s: %q also names vendor %q", at, n, other))
			}
			names[k] = v.ID
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("read vendor registry: %w", errors.Join(errs...))
	}
	return newRegistry(f.Vendors), nil
}

// normVendor trims a vendor's fields, drops empty and repeated names, and
// makes its Name an alias (the first one when Name was empty).
func normVendor(v Vendor) Vendor {
	v.ID = strings.TrimSpace(v.ID)
	v.Name = strings.TrimSpace(v.Name)
	clean := func(ss []string) []string {
		var out []string
		for _, s := range ss {
			if s = strings.Join(strings.Fields(s), " "); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	v.Aliases, v.People = clean(v.Aliases), clean(v.People)
	switch {
	case v.Name == "" && len(v.Aliases) > 0:
		v.Name = v.Aliases[0]
	case v.Name == "":
		v.Name = v.ID
	case !slices.Contains(v.Aliases, v.Name):
		v.Aliases = append([]string{v.Name}, v.Aliases...)
	}
	return v
}

func validID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return id != ""
}

// Merge returns a new registry: r extended by o's vendors, where a vendor of
// o with the id of one of r replaces it entirely (its aliases and people
// are not added to the old ones: repeat them to keep them). The result lists
// r's remaining vendors first, then o's, and where an alias names vendors
// of both, o's wins. Neither r nor o changes; either may be nil.
func (r *Registry) Merge(o *Registry) *Registry {
	if o == nil || len(o.vendors) == 0 {
		return r
	}
	var vs []Vendor
	for _, v := range r.all() {
		if _, over := o.byID[v.ID]; !over {
			vs = append(vs, v)
		}
	}
	return newRegistry(append(vs, o.vendors...))
}

func (r *Registry) all() []Vendor {
	if r == nil {
		return nil
	}
	return r.vendors
}

// Vendor looks a vendor up by id.
func (r *Registry) Vendor(id string) (Vendor, bool) {
	if r == nil {
		return Vendor{}, false
	}
	i, ok := r.byID[id]
	if !ok {
		return Vendor{}, false
	}
	return cloneVendor(r.vendors[i]), true
}

// Vendors lists the vendors, in registry order. The slice is the caller's.
func (r *Registry) Vendors() []Vendor {
	vs := make([]Vendor, 0, len(r.all()))
	for _, v := range r.all() {
		vs = append(vs, cloneVendor(v))
	}
	return vs
}

func cloneVendor(v Vendor) Vendor {
	v.Aliases, v.People = slices.Clone(v.Aliases), slices.Clone(v.People)
	return v
}

// Lookup finds the vendor a name stands for, as a user would type it: an
// id, an alias or a spokesperson's name (or surname, when only one vendor's
// person has it), in any case and with or without accents; failing those,
// the one vendor Mentions finds in it, misspellings tolerated.
func (r *Registry) Lookup(name string) (Vendor, bool) {
	if r == nil {
		return Vendor{}, false
	}
	if v, ok := r.Vendor(strings.TrimSpace(name)); ok {
		return v, true
	}
	k := foldPhrase(name)
	for _, m := range []map[string]int{r.folded, r.person, r.surname} {
		if i, ok := m[k]; ok && i >= 0 {
			return cloneVendor(r.vendors[i]), true
		}
	}
	if ids := r.Mentions(name); len(ids) == 1 {
		return r.Vendor(ids[0])
	}
	return Vendor{}, false
}

// Person returns the id of the vendor a person speaks for: name is a known
// spokesperson's full name or, when only one vendor's person has it, a
// surname ("Selipsky"), in any case and with or without accents.
func (r *Registry) Person(name string) (vendorID string, ok bool) {
	if r == nil {
		return "", false
	}
	k := foldPhrase(name)
	if i, ok := r.person[k]; ok {
		return r.vendors[i].ID, true
	}
	if i, ok := r.surname[k]; ok && i >= 0 {
		return r.vendors[i].ID, true
	}
	return "", false
}
