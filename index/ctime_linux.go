package index

import (
	"io/fs"
	"syscall"
)

// ctime is a Linux stat's change time, in Unix nanoseconds.
func ctime(st *syscall.Stat_t) int64 { return st.Ctim.Nano() }

// rawStat is statOf's fields read straight from a Linux stat, and whether
// it is a regular file's; raw is false when info holds none. It spares
// fs.FileInfo's conversions: a tenth of a quick Sync's own work at 20k
// files.
func rawStat(info fs.FileInfo) (s fileStat, regular, raw bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStat{}, false, false
	}
	s = fileStat{Size: st.Size, MTime: st.Mtim.Nano(), CTime: ctime(st), Ino: uint64(st.Ino), Dev: uint64(st.Dev)}
	return s, st.Mode&syscall.S_IFMT == syscall.S_IFREG, true
}
