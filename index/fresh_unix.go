//go:build unix

package index

import (
	"io/fs"
	"syscall"
)

// sysStat adds what a Unix stat has beyond fs.FileInfo: inode, device
// and change time, which no user call can set back.
func sysStat(info fs.FileInfo, s *fileStat) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	s.Ino, s.Dev = uint64(st.Ino), uint64(st.Dev)
	s.CTime = ctime(st)
}
