package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// ErrOutside is the error of a path that leads outside the corpus folder,
// through a symbolic link (or "..").
var ErrOutside = errors.New("link leads outside the corpus")

// ErrNotRegular is the error of a file that is not a regular file: a named
// pipe, a device or a socket. Opening such a file for reading can block
// forever, so it is never read.
var ErrNotRegular = errors.New("not a regular file")

// Dir is a corpus folder opened through an os.Root, Go's traversal-resistant
// file API, so that nothing read through it leaves the folder: a symbolic
// link is followed only as long as it stays inside (else ErrOutside), and a
// file is opened without blocking (O_NONBLOCK) and given back only if it is
// a regular file or a folder (else ErrNotRegular), so that a named pipe or a
// device cannot hang its reader.
//
// It is an fs.FS (with ReadDir, Stat, Lstat and ReadLink), so that List,
// ReadFile and the index read it as they read the built-in sample.
//
// os.Root refuses every absolute link, even one to a file inside the
// folder; Dir follows such a link when the path it names is inside the
// folder, by opening that path through the root again.
type Dir struct {
	root *os.Root
	abs  []string // the folder's absolute path, and its real path if different
}

// Open opens the corpus folder dir. Close it when done.
func Open(dir string) (*Dir, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open corpus: %w", err)
	}
	d := &Dir{root: r}
	if abs, err := filepath.Abs(dir); err == nil {
		d.abs = append(d.abs, abs)
		if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
			d.abs = append(d.abs, real)
		}
	}
	return d, nil
}

// Name is the folder's name as given to Open.
func (d *Dir) Name() string { return d.root.Name() }

// Close closes the folder; files opened from it stay usable.
func (d *Dir) Close() error { return d.root.Close() }

// Open opens a file or folder of the corpus for reading (fs.FS).
func (d *Dir) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	// writer, forever. It changes nothing for regular files and folders.
	f, err := d.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err = confined("open", name, err); errors.Is(err, ErrOutside) {
		if in, ok := d.absoluteLink(name); ok {
			f, err = d.root.OpenFile(in, os.O_RDONLY|syscall.O_NONBLOCK, 0)
			err = confined("open", name, err)
		}
	}
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if m := info.Mode(); !m.IsRegular() && !m.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular{m}}
	}
	return f, nil
}

// Stat describes a file of the corpus, following links inside it (fs.StatFS).
func (d *Dir) Stat(name string) (fs.FileInfo, error) {
	info, err := d.root.FS().(fs.StatFS).Stat(name)
	if err = confined("stat", name, err); errors.Is(err, ErrOutside) {
		if in, ok := d.absoluteLink(name); ok {
			info, err = d.root.Stat(in)
			err = confined("stat", name, err)
		}
	}
	return info, err
}

// absoluteLink is the corpus path an absolute link at name leads to, when
// that path is inside the folder (links to links, up to a few, included).
// The path is still opened through the root, which refuses it if one of
// its folders leads out.
func (d *Dir) absoluteLink(name string) (string, bool) {
	orig := name
	for range 8 {
		target, err := d.root.Readlink(name)
		if err != nil || !filepath.IsAbs(target) {
			// Not a link, or a relative one: the root follows it (or not).
			return name, name != orig
		}
		name = ""
		for _, abs := range d.abs {
			if rel, err := filepath.Rel(abs, filepath.Clean(target)); err == nil && filepath.IsLocal(rel) {
				name = filepath.ToSlash(rel)
				break
			}
		}
		if name == "" {
			return "", false
		}
	}
	return "", false
}

// Lstat describes a file of the corpus, not following a final link
// (fs.ReadLinkFS).
func (d *Dir) Lstat(name string) (fs.FileInfo, error) {
	info, err := d.root.FS().(fs.ReadLinkFS).Lstat(name)
	return info, confined("lstat", name, err)
}

// ReadLink is the target of a symbolic link of the corpus, as written in
// the link (fs.ReadLinkFS).
func (d *Dir) ReadLink(name string) (string, error) {
	return d.root.FS().(fs.ReadLinkFS).ReadLink(name)
}

// ReadDir lists a folder of the corpus, sorted by name (fs.ReadDirFS). The
// folder is opened as Open opens files: a FIFO put in its place since it
// was listed as a folder cannot block it.
func (d *Dir) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := d.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dir, ok := f.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.ErrUnsupported}
	}
	entries, err := dir.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

var (
	_ fs.StatFS     = (*Dir)(nil)
	_ fs.ReadDirFS  = (*Dir)(nil)
	_ fs.ReadLinkFS = (*Dir)(nil)
)

// confined turns os.Root's refusal of a path that leaves it into
// ErrOutside. The os package exports no error for it, so it is told by its
// message, fixed since os.Root came (Go 1.24); TestListLinks fails if it
// changes.
func confined(op, name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err.Error() == "path escapes from parent" {
		return &fs.PathError{Op: op, Path: name, Err: ErrOutside}
	}
	return err
}

// notRegular is ErrNotRegular, saying what the file is instead.
type notRegular struct{ mode fs.FileMode }

func (e notRegular) Error() string { return "not a regular file (" + kindOf(e.mode) + ")" }

func (e notRegular) Is(target error) bool { return target == ErrNotRegular }

// kindOf names the kind of file a mode is.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeSymlink != 0:
		return "a link"
	}
	return "an irregular file"
}
