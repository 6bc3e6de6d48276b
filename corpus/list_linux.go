package corpus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// On Linux a corpus folder opened with Open is listed with the system
// calls themselves (getdents64, then fstatat for each article file): the
// listing is most of a quick Sync, and most of an ask on an unchanged
// corpus, and fs.ReadDir through an os.Root costs, beyond the stat of
// every entry, a DirEntry and a FileInfo per entry (two allocations and
// some 300 bytes), a sort through interfaces, and a stat of files that are
// not articles and of folders. The raw listing stats article files only,
// allocates little more than each file's path, and finds what the fs.FS
// listing finds (TestRawListLikeFS).

// rawList: listEntries lists a *Dir with rawFolder.
const rawList = true

// statInfo is an fs.FileInfo of a stat taken by rawFolder. One is reused
// for a whole folder: what keep is given is valid during the call only.
type statInfo struct {
	name string
	st   syscall.Stat_t
}

// unix.Stat_t and syscall.Stat_t are the same kernel struct stat,
// generated the same way: rawFolder fills one as the other.
var (
	_ [unsafe.Sizeof(syscall.Stat_t{}) - unsafe.Sizeof(unix.Stat_t{})]byte
	_ [unsafe.Sizeof(unix.Stat_t{}) - unsafe.Sizeof(syscall.Stat_t{})]byte
)

func (s *statInfo) Name() string       { return s.name }
func (s *statInfo) Size() int64        { return s.st.Size }
func (s *statInfo) Mode() fs.FileMode  { return fileMode(s.st.Mode) }
func (s *statInfo) ModTime() time.Time { return time.Unix(s.st.Mtim.Unix()) }
func (s *statInfo) IsDir() bool        { return s.st.Mode&syscall.S_IFMT == syscall.S_IFDIR }
func (s *statInfo) Sys() any           { return &s.st }

// fileMode is a stat's mode as an fs.FileMode, as package os reads it.
func fileMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & syscall.S_IFMT {
	case syscall.S_IFBLK:
		mode |= fs.ModeDevice
	case syscall.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		mode |= fs.ModeDir
	case syscall.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		mode |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if m&syscall.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&syscall.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&syscall.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}

// ownInfo is info, copied if it is a reused statInfo: for a caller of
// ListKept that keeps it.
func ownInfo(info fs.FileInfo) fs.FileInfo {
	if s, ok := info.(*statInfo); ok {
		c := *s
		return &c
	}
	return info
}

// direntBufs are getdents64 buffers, one per folder being listed.
var direntBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// rawFolder lists the folder at p of w.raw: its article files go to
// w.found (with their problems), its folders are listed in turn. The
// error is the folder's own: it cannot be opened or read (what was read
// of it is kept).
func (w *walker[S]) rawFolder(p string) error {
	dirs, err := w.rawList(p)
	for _, d := range dirs { // the folder closed: a deep tree holds no file open per level
		w.sub(d)
	}
	return err
}

// rawList lists the folder at p, returning its sub-folders.
func (w *walker[S]) rawList(p string) (dirs []string, err error) {
	f, err := w.raw.Open(p) // through the root, as ReadDir opens it
	if err != nil {
		return nil, err
	}
	defer f.Close()
	of, ok := f.(*os.File)
	if !ok { // Dir.Open gives *os.File
		return nil, &fs.PathError{Op: "readdir", Path: p, Err: errors.ErrUnsupported}
	}
	rc, err := of.SyscallConn()
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: p, Err: err}
	}
	var lerr error
	if err := rc.Control(func(fd uintptr) { dirs, lerr = w.rawEntries(int(fd), p) }); err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: p, Err: err}
	}
	return dirs, lerr
}

// rawEntries reads the entries of the open folder fd (at dir), keeps its
// article files and returns its folders. The names are read first and
// sorted, then the files are looked at in that order: the chunk of
// w.found they make is sorted without moving a stat.
func (w *walker[S]) rawEntries(fd int, dir string) (dirs []string, err error) {
	var files []string
	join := func(name []byte) string {
		if dir == "." {
			return string(name)
		}
		return dir + "/" + string(name)
	}
	var st syscall.Stat_t
	stat := func(base string) error {
		err := unix.Fstatat(fd, base, (*unix.Stat_t)(unsafe.Pointer(&st)), unix.AT_SYMLINK_NOFOLLOW)
		for err == unix.EINTR {
			err = unix.Fstatat(fd, base, (*unix.Stat_t)(unsafe.Pointer(&st)), unix.AT_SYMLINK_NOFOLLOW)
		}
		return err
	}
	bp := direntBufs.Get().(*[]byte)
	buf := *bp
	err = func() error {
		for {
			n, err := unix.ReadDirent(fd, buf)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				return &fs.PathError{Op: "readdirent", Path: dir, Err: err}
			}
			if n <= 0 {
				return nil
			}
			// struct linux_dirent64: d_ino (8 bytes), d_off (8), d_reclen
			// (2), d_type (1), d_name (NUL-terminated).
			for off := 0; off < n; {
				if off+19 > n {
					return &fs.PathError{Op: "readdirent", Path: dir, Err: syscall.EIO}
				}
				reclen := int(binary.NativeEndian.Uint16(buf[off+16:]))
				if reclen < 19 || off+reclen > n {
					return &fs.PathError{Op: "readdirent", Path: dir, Err: syscall.EIO}
				}
				ino := binary.NativeEndian.Uint64(buf[off:])
				typ := buf[off+18]
				name := buf[off+19 : off+reclen]
				off += reclen
				if i := bytes.IndexByte(name, 0); i >= 0 {
					name = name[:i]
				}
				if ino == 0 || len(name) == 0 || name[0] == '.' {
					continue // hidden files and folders, "." and ".."
				}
				if typ == unix.DT_UNKNOWN { // the file system does not say: the stat does
					p := join(name)
					if stat(p[len(p)-len(name):]) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
						dirs = append(dirs, p)
					} else if IsArticle(string(name)) {
						files = append(files, p)
					}
					continue
				}
				if typ == unix.DT_DIR {
					dirs = append(dirs, join(name))
				} else if IsArticle(string(name)) {
					files = append(files, join(name))
				}
			}
		}
	}()
	direntBufs.Put(bp)

	slices.Sort(files)
	found := make([]Listed[S], 0, len(files))
	var problems []*Problem
	info := statInfo{}
	for _, p := range files {
		base := p[len(p)-len(path.Base(p)):]
		switch err := stat(base); {
		case err == unix.ENOENT:
			continue // gone since it was listed
		case err != nil:
			// Its reader will say what is wrong with it.
			found = append(found, Listed[S]{Path: p, Info: w.keep(p, nil)})
			continue
		}
		switch st.Mode & syscall.S_IFMT {
		case syscall.S_IFREG:
			info.name, info.st = base, st
			found = append(found, Listed[S]{Path: p, Info: w.keep(p, &info)})
		case syscall.S_IFDIR: // a folder now
			dirs = append(dirs, p)
		default:
			// A link, or not a file to read: as the fs.FS listing does.
			target, prob := unusable(w.fsys, p, fileMode(st.Mode).Type())
			if prob != nil {
				problems = append(problems, prob)
				continue
			}
			found = append(found, Listed[S]{Path: p, Info: w.keep(p, target)})
		}
	}
	w.mu.Lock()
	w.chunks = append(w.chunks, found)
	w.problems = append(w.problems, problems...)
	w.mu.Unlock()
	return dirs, err
}
