//go:build !unix

package index

import "io/fs"

// sysStat adds nothing where the stat has no Unix fields: size and
// modification time decide.
func sysStat(fs.FileInfo, *fileStat) {}
