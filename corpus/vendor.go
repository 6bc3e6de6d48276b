package corpus

// Vendor is a technology vendor trustwatch tracks, with the names it goes by
// and the people known to speak for it.
type Vendor struct {
	ID      string   `yaml:"id" json:"id"`
	Name    string   `yaml:"name" json:"name"`
	Aliases []string `yaml:"aliases" json:"aliases,omitempty"`
	People  []string `yaml:"people" json:"people,omitempty"`
}

// Registry is the set of known vendors, looked up by id, alias or person.
// Build it with Builtin, then Merge a user's file over it.
type Registry struct {
	vendors []Vendor
	byID    map[string]int
}
