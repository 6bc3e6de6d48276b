// Package corpus owns what trustwatch knows about articles: reading article
// files and their front matter, finding quotations, attributing them to a
// speaker, the vendor registry, stance labels, and the built-in sample corpus.
//
// It is pure: values in, values and errors out. It never logs, never reads
// the environment and imports nothing of trustwatch's own.
package corpus
