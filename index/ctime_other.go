//go:build unix && !linux

package index

import (
	"io/fs"
	"syscall"
)

// ctime is not read outside Linux (its field's name differs by system):
// size, modification time, inode and device decide there.
func ctime(*syscall.Stat_t) int64 { return 0 }

// rawStat reads no stat directly here: statOf uses fs.FileInfo.
func rawStat(fs.FileInfo) (fileStat, bool, bool) { return fileStat{}, false, false }
