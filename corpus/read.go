package corpus

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// MaxFileSize is the largest article file read, in bytes (10 MB). Larger
// files are reported as a *Problem rather than read into memory.
const MaxFileSize = 10 << 20

//go:embed sample
var sampleFS embed.FS

// Sample is the built-in sample corpus: a few real articles, so that
// trustwatch answers something before it is given a corpus of its own.
func Sample() fs.FS {
	s, err := fs.Sub(sampleFS, "sample")
	if err != nil { // cannot happen: "sample" is a valid, embedded path
		return sampleFS
	}
	return s
}

// articleExts are the file name extensions of article files, lower case.
var articleExts = []string{".md", ".markdown", ".txt", ".html", ".htm"}

// IsArticle reports whether a file name is that of an article file, by its
// extension (in any case). Hidden files are not articles.
func IsArticle(name string) bool {
	base := path.Base(name)
	if strings.HasPrefix(base, ".") {
		return false
	}
	return slices.Contains(articleExts, strings.ToLower(path.Ext(base)))
}

// List returns the paths of the article files of a corpus, sorted. Other
// files, and hidden files and folders (names starting with "."), are
// skipped. If the root cannot be read, List returns an error. If only some
// sub-folders cannot be read, it returns the paths it found together with a
// *Problem per unreadable folder (joined with errors.Join), so that a caller
// can report them and go on with the rest.
func List(fsys fs.FS) ([]string, error) {
	var paths []string
	var problems []error
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			problems = append(problems, &Problem{Path: p, Reason: "folder cannot be read: " + reason(err)})
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if t := d.Type(); !t.IsRegular() && t&fs.ModeSymlink == 0 {
			return nil // devices, pipes, sockets
		}
		if IsArticle(p) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list corpus: %w", err)
	}
	slices.Sort(paths)
	return paths, errors.Join(problems...)
}

// ReadFile reads one article file of a corpus. A file over MaxFileSize is
// refused with a *Problem; other failures (the file vanished, permissions)
// are returned wrapped, so errors.Is(err, fs.ErrNotExist) works.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read article: %w", err)
	}
	defer f.Close()
	var size int64
	if info, err := f.Stat(); err == nil {
		if size = info.Size(); size > MaxFileSize {
			return nil, tooLarge(name, size)
		}
	}
	// Read into a buffer of the file's size (one more byte to see the
	// end), rather than io.ReadAll's doubling from 512 bytes.
	buf := bytes.NewBuffer(make([]byte, 0, max(size, 0)+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, fmt.Errorf("read article %s: %w", name, err)
	}
	data := buf.Bytes()
	if len(data) > MaxFileSize {
		return nil, tooLarge(name, int64(len(data)))
	}
	return data, nil
}

func tooLarge(name string, size int64) *Problem {
	return &Problem{Path: name, Reason: fmt.Sprintf("too large (%d bytes; the limit is %d MB)", size, MaxFileSize>>20)}
}

// reason is err's message without the path an fs.PathError repeats.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
