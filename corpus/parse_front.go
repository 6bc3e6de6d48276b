package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Front matter is nearly always a few "key: value" lines, and decoding
// those through the YAML parser cost half of reading a typical article.
// simpleFrontMatter reads that common shape directly and declines
// everything else (nesting, block scalars, escapes, anchors,
// repeated keys…), which goes to the YAML parser as before; for what it
// accepts it gives what the YAML parser gives (TestSimpleFrontMatter).

// simpleFrontMatter reads YAML made only of "key: value" lines (and
// comment lines starting with "#"), each value
// empty, a plain scalar, a quoted string without escapes, or (for lists) a
// flow sequence of those. ok is false when the YAML is anything else.
func simpleFrontMatter(y string) (fm frontMatter, ok bool) {
	// A carriage return breaks a line for YAML (a comment's too): such
	// text goes to the YAML parser.
	if !utf8.ValidString(y) || !yamlPrintable(y) || strings.IndexByte(y, '\r') >= 0 {
		return fm, false
	}
	seen := map[string]bool{}
	for line := range strings.SplitSeq(y, "\n") {
		if strings.TrimRight(line, " ") == "" || line[0] == '#' { // a comment
			continue
		}
		key, val, found := strings.Cut(line, ":")
		if !found || !simpleKey(key) || seen[key] || (val != "" && val[0] != ' ' && val[0] != '\t') {
			return fm, false
		}
		seen[key] = true
		val = strings.Trim(val, " \t")
		var (
			s    string
			list stringList
		)
		isList := key == "author" || key == "vendors"
		if strings.HasPrefix(val, "[") {
			if !isList || !strings.HasSuffix(val, "]") {
				return fm, false
			}
			inner := strings.Trim(val[1:len(val)-1], " \t")
			if inner != "" {
				for item := range strings.SplitSeq(inner, ",") {
					v, ok := simpleScalar(strings.Trim(item, " \t"), true)
					if !ok || v == "" {
						return fm, false
					}
					list = append(list, v)
				}
			}
			list = trimList(list)
		} else {
			if s, ok = simpleScalar(val, false); !ok {
				return fm, false
			}
			if isList {
				for _, v := range strings.Split(s, ",") {
					list = append(list, v)
				}
				list = trimList(list)
			}
		}
		switch key {
		case "title":
			fm.Title = s
		case "publication":
			fm.Publication = s
		case "source":
			fm.Source = s
		case "url":
			fm.URL = s
		case "date":
			fm.Date = s
		case "lang":
			fm.Lang = s
		case "author":
			fm.Author = list
		case "vendors":
			fm.Vendors = list
		}
	}
	return fm, true
}

// trimList drops the empty items and trims the others, as stringList's
// UnmarshalYAML does; an empty list is nil.
func trimList(l stringList) stringList {
	var out stringList
	for _, s := range l {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// simpleKey reports a key made of lower-case letters, digits, '_' and
// '-', at most 64 bytes: the YAML parser refuses an implicit key longer
// than 1,024 characters, and no front matter key comes near either limit.
func simpleKey(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '-')) {
			return false
		}
	}
	return true
}

// simpleScalar reads a value: "" (null), a quoted string with no quote or
// backslash inside, or a plain scalar that starts with no YAML indicator
// and holds no ": ", " #" or, in a flow sequence, no flow indicator.
func simpleScalar(v string, inFlow bool) (string, bool) {
	if v == "" {
		return "", true
	}
	switch q := v[0]; q {
	case '"', '\'':
		if len(v) < 2 || v[len(v)-1] != q {
			return "", false
		}
		inner := v[1 : len(v)-1]
		if strings.IndexByte(inner, q) >= 0 || strings.ContainsAny(inner, "\\\t") || !printable(inner) {
			return "", false
		}
		return inner, true
	}
	if !printable(v) {
		return "", false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`~", rune(v[0])) ||
		strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.Contains(v, "\t") || strings.HasSuffix(v, ":") {
		return "", false
	}
	if inFlow && strings.ContainsAny(v, "[]{},\"'") {
		return "", false
	}
	switch strings.ToLower(v) {
	case "null", "~":
		return "", false
	}
	return v, true
}

// printable reports text YAML takes as it is: printable characters, no
// line break, no byte order mark.
func printable(s string) bool {
	for _, r := range s {
		if !(r >= 0x20 && r <= 0x7E || r >= 0xA0 && r <= 0xD7FF && r != 0x2028 && r != 0x2029 ||
			r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF || r >= 0x10000) {
			return false
		}
	}
	return true
}

// yamlPrintable reports whether y holds only characters YAML reads as
// they are: no control character but tab, line feed and carriage return
// (in a comment too), no byte-order mark or non-character. Anything else
// goes to the YAML parser, which refuses it or reads it its own way.
func yamlPrintable(y string) bool {
	for _, r := range y {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case unicode.IsControl(r), r == '\uFEFF', r == '\uFFFE', r == '\uFFFF':
			return false
		}
	}
	return true
}
