//go:build unix

package index

import (
	"os"
	"syscall"
)

// mapFile maps the file at path into memory, read-only, until unmap:
// reading the stat table this way (5 MB at 100k files) costs neither a
// heap of its size nor a copy. trustwatch writes the table to a new file
// renamed over the old one, so the mapped file never shrinks under its
// reader. Where the file cannot be mapped, it is read.
func mapFile(path string) (b []byte, unmap func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if info.Size() == 0 || int64(int(info.Size())) != info.Size() {
		return nil, func() {}, nil // a table is never empty: damaged
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, nil, err
	}
	var merr error
	if err := rc.Control(func(fd uintptr) {
		b, merr = syscall.Mmap(int(fd), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	}); err != nil {
		return nil, nil, err
	}
	if merr != nil { // a file system that maps no file: read it
		b, err = os.ReadFile(path)
		return b, func() {}, err
	}
	return b, func() { syscall.Munmap(b) }, nil
}
