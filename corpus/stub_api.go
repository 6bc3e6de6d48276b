package corpus

// TEMPORARY stubs so that other packages compile while the corpus is
// built; each is replaced by its real implementation in its own file.

import (
	"embed"
	"io/fs"
)

//go:embed sample
var sampleFS embed.FS

// Sample is the built-in sample corpus.
func Sample() fs.FS { s, _ := fs.Sub(sampleFS, "sample"); return s }

// MaxFileSize is the largest article file read.
const MaxFileSize = 10 << 20

// List returns the article paths of a corpus, sorted.
func List(fsys fs.FS) ([]string, error) { return nil, nil }

// ReadFile reads one article file, refusing files over MaxFileSize.
func ReadFile(fsys fs.FS, path string) ([]byte, error) { return fs.ReadFile(fsys, path) }

// ParseArticle parses an article file's bytes; id is its corpus path.
func ParseArticle(id string, data []byte) (Article, error) {
	return Article{ID: id, Text: string(data)}, nil
}

// Extract finds the quotations of an article.
func Extract(a Article, reg *Registry) []Quote { return nil }

// Builtin is the built-in vendor registry.
func Builtin() *Registry { return &Registry{} }

// LoadRegistry reads a vendor registry file (YAML).
func LoadRegistry(data []byte) (*Registry, error) { return &Registry{}, nil }

// Merge returns r extended and overridden by o, by id.
func (r *Registry) Merge(o *Registry) *Registry { return r }

// Vendor looks a vendor up by id.
func (r *Registry) Vendor(id string) (Vendor, bool) { return Vendor{}, false }

// Vendors lists the vendors.
func (r *Registry) Vendors() []Vendor { return r.vendors }

// Mentions returns the ids of the vendors named in text, by any alias, in
// any case, tolerating small misspellings, in order of first mention.
func (r *Registry) Mentions(text string) []string { return nil }
