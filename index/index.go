// Package index owns the search index: its bleve mapping, opening and
// closing it, incremental Sync from a corpus, and the answers built from it
// (Ask, vendor cards, comparisons, what is new since a time).
//
// It is the only package that imports bleve, and no bleve type leaves it.
// It imports corpus; it never logs and never reads the environment.
package index
