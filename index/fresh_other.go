//go:build !unix

package index

import "io/fs"

// sysStat adds nothing where the stat has no Unix fields: size and
// modification time decide.
func sysStat(fs.FileInfo, *fileStat) {}

// rawStat reads no stat directly here: statOf uses fs.FileInfo.
func rawStat(fs.FileInfo) (fileStat, bool, bool) { return fileStat{}, false, false }
