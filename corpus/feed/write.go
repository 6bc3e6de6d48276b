package feed

import (
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/idna"

	"github.com/trustwatch/trustwatch/corpus"
)

// maxSameName is how many articles of one day may share a slug
// ("…-title.md", "…-title-2.md", …).
const maxSameName = 20

// write writes an article as dir/name.md (or name-2.md, … when another
// article holds that name) and returns its corpus path; "" when the article
// is already there.
func (p *Poller) write(dir, name string, a corpus.Article) (string, error) {
	for i := 1; i <= maxSameName; i++ {
		rel := dir + "/" + numbered(name, i)
		if !inFeeds(rel) {
			return "", fmt.Errorf("write article %q: not a file of a feeds/<host>/ folder", rel)
		}
		full := filepath.Join(p.opts.Dir, filepath.FromSlash(rel))
		if _, err := os.Stat(full); err == nil {
			if p.holds(rel, a.URL) {
				return "", nil
			}
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("write article %s: %w", rel, err)
		}
		if err := writeAtomic(full, render(a)); err != nil {
			return "", err
		}
		return rel, nil
	}
	return "", fmt.Errorf("write article %s/%s: %d articles of that day already have that name", dir, name, maxSameName)
}

// written reports whether the article at link is already in the corpus
// under one of its possible names.
func (p *Poller) written(dir, name, link string) bool {
	for i := 1; i <= maxSameName; i++ {
		rel := dir + "/" + numbered(name, i)
		if !inFeeds(rel) {
			return false
		}
		if _, err := os.Stat(filepath.Join(p.opts.Dir, filepath.FromSlash(rel))); err != nil {
			return false
		}
		if p.holds(rel, link) {
			return true
		}
	}
	return false
}

// holds reports whether the article file at rel is the article at link. A
// file that no longer parses, after a person edited it, is taken to be
// it: better skipped than duplicated.
func (p *Poller) holds(rel, link string) bool {
	data, err := os.ReadFile(filepath.Join(p.opts.Dir, filepath.FromSlash(rel)))
	if err != nil {
		return true
	}
	a, err := corpus.ParseArticle(rel, data)
	return err != nil || a.URL == link
}

func numbered(name string, i int) string {
	if i == 1 {
		return name + ".md"
	}
	return name + "-" + strconv.Itoa(i) + ".md"
}

// writeAtomic writes a file through a hidden temporary file in the same
// folder and a rename, so that a reader (Watch, Sync, a person) sees the
// whole file or none of it.
func writeAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create folder %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	_, werr := f.Write(data)
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr == nil {
		if err := os.Chmod(f.Name(), 0o644); err != nil {
			werr = err
		}
	}
	if werr == nil {
		werr = os.Rename(f.Name(), name)
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", name, werr)
	}
	return nil
}

// render writes an article as Markdown with YAML front matter, in a form
// that corpus.ParseArticle reads back to the same fields and text.
func render(a corpus.Article) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	field := func(k, v string) {
		if v != "" {
			b.WriteString(k + ": " + strconv.Quote(v) + "\n")
		}
	}
	field("title", a.Title)
	field("publication", a.Publication)
	field("url", a.URL)
	field("date", a.Date.String())
	field("lang", a.Lang)
	field("author", a.Author)
	b.WriteString("---\n")
	for _, para := range strings.Split(a.Text, "\n\n") {
		b.WriteString("\n")
		if rest, ok := strings.CutPrefix(para, "> "); ok {
			b.WriteString("> " + escape(rest) + "\n")
			continue
		}
		b.WriteString(escape(para) + "\n")
	}
	return []byte(b.String())
}

// escape backslash-escapes what Markdown would read as markup in a
// paragraph of plain text: emphasis, links, code, tags, entities, and at
// the start a heading, quote, list or rule marker.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '*', '_', '`', '[', ']':
			b.WriteByte('\\')
		case '<':
			if i+1 < len(s) && (isLetter(s[i+1]) || strings.ContainsRune("/!?", rune(s[i+1]))) {
				b.WriteByte('\\')
			}
		case '&':
			if j := strings.IndexByte(s[i:], ';'); j > 1 && j < 12 && !strings.ContainsAny(s[i+1:i+j], " &") {
				b.WriteByte('\\')
			}
		case '#', '>', '-', '+', '=', '~', '|':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if digitsOnly(s[:i]) && i > 0 && i < 10 {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// maxSlug bounds a file name's slug, in bytes.
const maxSlug = 60

// slug makes a file name of a title: lower case, accents removed, words
// joined by "-". Without a title, the link's last path segment is used.
func slug(title, link string) string {
	s := slugify(title)
	if s == "" {
		if u, err := url.Parse(link); err == nil {
			base := path.Base(u.Path)
			s = slugify(strings.TrimSuffix(base, path.Ext(base)))
		}
	}
	if s == "" {
		return "article"
	}
	return s
}

// slugify folds s with corpus.Fold, the one accent folder, and keeps its
// ASCII letters and digits, runs of anything else a dash.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range corpus.Fold(s) {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
		if b.Len() >= maxSlug {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > maxSlug {
		out = out[:maxSlug]
		if i := strings.LastIndexByte(out, '-'); i > maxSlug/2 {
			out = out[:i]
		}
	}
	return strings.Trim(out, "-")
}

// maxHost bounds a host's folder name, in bytes.
const maxHost = 100

// host is a URL's host name as a folder name that is safe on every file
// system and stays where it is put: lower case, IDN in its ASCII form,
// only a-z, 0-9, "." and "-" (anything else becomes "-"), no leading or
// trailing dot nor two dots in a row (so never "." or ".."), no port, an
// IPv6 address as "ipv6-" and its groups, at most maxHost bytes;
// "unknown" when nothing is left.
func host(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "unknown"
	}
	h := strings.ToLower(u.Hostname())
	if a, err := netip.ParseAddr(h); err == nil && a.Is6() {
		b := a.As16()
		groups := make([]string, 8)
		for i := range groups {
			groups[i] = strconv.FormatUint(uint64(b[2*i])<<8|uint64(b[2*i+1]), 16)
		}
		h = "ipv6-" + strings.Join(groups, "-")
	} else if a, err := idna.Punycode.ToASCII(h); err == nil {
		h = a
	}
	var b strings.Builder
	for _, r := range h {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-':
			b.WriteRune(r)
		case r == '.':
			if s := b.String(); s != "" && !strings.HasSuffix(s, ".") {
				b.WriteByte('.')
			}
		default:
			b.WriteByte('-')
		}
		if b.Len() >= maxHost {
			break
		}
	}
	s := b.String()
	if len(s) > maxHost {
		s = s[:maxHost]
	}
	s = strings.TrimRight(s, ".")
	if s == "" {
		return "unknown"
	}
	return s
}

// inFeeds reports whether rel, a slash-separated corpus path, names a file
// directly in a folder feeds/<host>/ whose name is not hidden: the only
// places the poller writes articles.
func inFeeds(rel string) bool {
	parts := strings.Split(rel, "/")
	return len(parts) == 3 && parts[0] == "feeds" && path.Clean(rel) == rel && filepath.IsLocal(filepath.FromSlash(rel)) &&
		parts[1] != "" && !strings.HasPrefix(parts[1], ".") && parts[2] != "" && !strings.HasPrefix(parts[2], ".")
}
