package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// frontMatter is the YAML header of an article file.
type frontMatter struct {
	Title       string     `yaml:"title"`
	Publication string     `yaml:"publication"`
	Source      string     `yaml:"source"` // accepted for publication
	URL         string     `yaml:"url"`
	Date        string     `yaml:"date"`
	Lang        string     `yaml:"lang"`
	Author      stringList `yaml:"author"`
	Vendors     stringList `yaml:"vendors"`
}

// stringList reads a YAML list or a comma-separated string.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = nil
		for _, s := range strings.Split(n.Value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				*l = append(*l, s)
			}
		}
		return nil
	case yaml.SequenceNode:
		var items []string
		if err := n.Decode(&items); err != nil {
			return err
		}
		*l = nil
		for _, s := range items {
			if s = strings.TrimSpace(s); s != "" {
				*l = append(*l, s)
			}
		}
		return nil
	}
	return fmt.Errorf("line %d: want a list or a comma-separated string", n.Line)
}

// ParseArticle parses an article file's bytes; id is its path in the corpus,
// and its extension says the format (.html and .htm are HTML; .txt is plain
// text; anything else is Markdown). A file that cannot be used returns a
// *Problem with id as its path: too large, empty, binary, not UTF-8, broken
// or unterminated front matter, a bad date, or no text. It never panics.
func ParseArticle(id string, data []byte) (Article, error) {
	if len(data) > MaxFileSize {
		return Article{}, tooLarge(id, int64(len(data)))
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))) == 0 {
		return Article{}, &Problem{Path: id, Reason: "empty file"}
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return Article{}, &Problem{Path: id, Reason: "UTF-16 text; save it as UTF-8"}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return Article{}, &Problem{Path: id, Reason: fmt.Sprintf("binary file, not text (NUL byte at offset %d)", i)}
	}
	switch strings.ToLower(path.Ext(id)) {
	case ".html", ".htm":
		return parseHTML(id, data)
	}
	if !utf8.Valid(data) {
		return Article{}, &Problem{Path: id, Reason: fmt.Sprintf("not UTF-8 text (invalid byte at offset %d)", invalidAt(data))}
	}
	s := normalizeNewlines(string(bytes.TrimPrefix(data, utf8BOM)))
	fm, body, bodyLine, err := splitFrontMatter(s)
	if err != nil {
		return Article{}, &Problem{Path: id, Reason: err.Error()}
	}
	a := Article{
		ID:          id,
		Title:       strings.TrimSpace(fm.Title),
		Publication: strings.TrimSpace(fm.Publication),
		URL:         strings.TrimSpace(fm.URL),
		Lang:        normLang(fm.Lang),
		Author:      strings.Join(fm.Author, ", "),
	}
	if a.Publication == "" {
		a.Publication = strings.TrimSpace(fm.Source)
	}
	if a.Date, err = ParseDate(fm.Date); err != nil {
		return Article{}, &Problem{Path: id, Reason: "front matter " + err.Error()}
	}
	for _, v := range fm.Vendors {
		if v = strings.ToLower(v); !contains(a.Vendors, v) {
			a.Vendors = append(a.Vendors, v)
		}
	}
	var blocks []block
	if strings.ToLower(path.Ext(id)) == ".txt" {
		blocks = plainBlocks(body)
	} else {
		blocks = markdownBlocks(body)
	}
	if len(blocks) == 0 {
		if bodyLine > 1 {
			return Article{}, &Problem{Path: id, Reason: "no text after the front matter"}
		}
		return Article{}, &Problem{Path: id, Reason: "no text"}
	}
	a.Text = joinBlocks(blocks)
	if a.Title == "" {
		a.Title = title(blocks)
	}
	if a.Lang == "" {
		a.Lang = DetectLang(a.Text)
	}
	return a, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// invalidAt is the offset of the first byte that is not UTF-8.
func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// normalizeNewlines turns CRLF and lone CR line endings into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// splitFrontMatter separates the YAML front matter, between a first line
// "---" and the next "---" (or "...") line, from the body. bodyLine is the
// body's first line number in the file.
func splitFrontMatter(s string) (fm frontMatter, body string, bodyLine int, err error) {
	first, _, more := strings.Cut(s, "\n")
	if strings.TrimRight(first, " \t") != "---" {
		return fm, s, 1, nil
	}
	if !more {
		return fm, "", 0, errors.New("unterminated front matter (no closing --- line)")
	}
	var yamlText string
	line, off := 2, len(first)+1
	for {
		l, next, more := strings.Cut(s[off:], "\n")
		if t := strings.TrimRight(l, " \t"); t == "---" || t == "..." {
			yamlText = s[len(first)+1 : off]
			if more {
				body = next
			}
			break
		}
		if !more {
			return fm, "", 0, errors.New("unterminated front matter (no closing --- line)")
		}
		off += len(l) + 1
		line++
	}
	if simple, ok := simpleFrontMatter(yamlText); ok {
		return simple, body, line + 1, nil
	}
	if err := yaml.Unmarshal([]byte(yamlText), &fm); err != nil {
		return fm, "", 0, yamlProblem(err)
	}
	return fm, body, line + 1, nil
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// yamlProblem words a YAML error for a user: the file's line number (the
// YAML's plus the opening "---") and the first message.
func yamlProblem(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	msg, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
	if i := strings.Index(msg, " into corpus.frontMatter"); i >= 0 {
		msg = msg[:i] + " where key: value lines were expected"
	}
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		return fmt.Errorf("broken front matter at line %d: %s", n+1, msg[m[1]:])
	}
	return fmt.Errorf("broken front matter: %s", msg)
}

// normLang lower-cases a language tag and keeps its primary subtag.
func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	return s
}

// maxTitle bounds a title taken from the text, in runes.
const maxTitle = 160

// title is the title of an article without one in its front matter: its
// first paragraph if that is a heading, else its first top-level heading,
// else its first line, shortened.
func title(bs []block) string {
	t := ""
	if bs[0].heading > 0 {
		t = bs[0].text
	}
	for _, b := range bs {
		if t == "" && b.heading == 1 {
			t = b.text
		}
	}
	if t == "" {
		t = bs[0].text
		if bs[0].first != "" {
			t = bs[0].first
		}
	}
	if utf8.RuneCountInString(t) > maxTitle {
		cut := 0
		for i := range t {
			if utf8.RuneCountInString(t[:i]) >= maxTitle {
				break
			}
			if t[i] == ' ' {
				cut = i
			}
		}
		if cut == 0 {
			cut = len(t[:min(len(t), maxTitle)])
			for !utf8.RuneStart(t[cut]) {
				cut--
			}
		}
		t = strings.TrimSpace(t[:cut]) + "…"
	}
	return t
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
