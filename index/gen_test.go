package index

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

// genFS is a deterministic generated corpus of n articles (about 5 KB,
// 3 to 6 quotations each, English and French) by invented vendors and
// people. Files are made when read, so a 100k-article corpus costs no
// memory of its own.
type genFS struct{ n int }

// genModTime is every generated file's modification time: files made
// when read do not change, so a quick Sync can trust their stats.
var genModTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

const genVendors = 40

var (
	genSyllables = []string{"ar", "bel", "cor", "dax", "el", "fin", "gra", "hol", "ix", "jun", "kel", "lum", "mor", "nex", "or", "pra", "quin", "ros", "sol", "tor", "ul", "vex", "wyn", "zan"}
	genFirst     = []string{"Alice", "Bruno", "Chloé", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Inès", "Jonas", "Karim", "Lena", "Marius", "Nadia", "Oscar", "Pauline"}
	genLast      = []string{"Arden", "Bellamy", "Caron", "Duval", "Estrada", "Fournier", "Garnier", "Hale", "Ivanov", "Joubert", "Keller", "Lemaire", "Moreau", "Novak", "Ortiz", "Perrin"}
	genQuotesEN  = []string{
		"Trust is our top priority and the foundation of everything we build for customers",
		"We will never compete with our customers, in healthcare, financial services or retail",
		"Of course we have competitors in every market, and some of them are also our partners",
		"We do not train our models on customer data, and we never will",
		"Customer data stays in Europe, under European jurisdiction, with no access from abroad",
		"We exist for the success of our customers and nothing else",
		"The cloud market keeps growing and we intend to grow with it",
		"Privacy is not a feature, it is a commitment we make to every customer",
		"Our partners generate most of our revenue, so we cooperate rather than compete",
		"Sovereignty matters to governments and to the businesses that serve them",
	}
	genQuotesFR = []string{
		"La confiance est une priorité absolue pour nos clients et pour nos partenaires",
		"Nous ne concurrencerons jamais nos clients, ni dans la santé ni dans la vente au détail",
		"Bien sûr, nous avons des concurrents dans chaque marché où nous exerçons",
		"Nous n'entraînons pas nos modèles sur les données de nos clients",
		"Les données restent en Europe, sous juridiction européenne, et l'État garde le contrôle",
		"Notre seule mission est de favoriser le succès de nos clients",
		"Le marché du cloud continue de croître et nous comptons croître avec lui",
		"La confidentialité n'est pas une option, c'est un engagement envers chaque client",
		"Nous préférons coopérer avec nos partenaires plutôt que de les concurrencer",
		"La souveraineté compte pour les administrations comme pour les entreprises",
	}
	genFillerEN = "The company reported quarterly results above expectations, driven by its infrastructure business and a growing portfolio of managed services. Analysts noted that margins improved as data centre utilisation rose across regions. "
	genFillerFR = "L'entreprise a publié des résultats trimestriels supérieurs aux attentes, portés par son activité d'infrastructure et un portefeuille croissant de services managés. Les analystes notent que les marges progressent avec l'utilisation des centres de données. "
)

func genVendorName(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	s := genSyllables[r.IntN(len(genSyllables))] + genSyllables[r.IntN(len(genSyllables))] + genSyllables[r.IntN(len(genSyllables))]
	return strings.ToUpper(s[:1]) + s[1:] + fmt.Sprintf("%c", 'a'+rune(i%26))
}

func genPerson(v, k int) string {
	i := 2*v + k // distinct for every vendor and k < 2
	return genFirst[i%len(genFirst)] + " " + genLast[(i/len(genFirst))%len(genLast)]
}

// genRegistryYAML is the registry file of the generated vendors.
func genRegistryYAML() []byte {
	var b strings.Builder
	b.WriteString("vendors:\n")
	for i := range genVendors {
		name := genVendorName(i)
		fmt.Fprintf(&b, "  - id: gen%d\n    name: %s\n    aliases: [%s]\n    people: [%s, %s]\n", i, name, name, genPerson(i, 0), genPerson(i, 1))
	}
	return []byte(b.String())
}

// genRegistry is the built-in registry with the generated vendors.
func genRegistry(t testing.TB) *corpus.Registry {
	extra, err := corpus.LoadRegistry(genRegistryYAML())
	if err != nil {
		t.Fatalf("generated registry: %v", err)
	}
	return corpus.Builtin().Merge(extra)
}

func (g genFS) name(i int) string { return fmt.Sprintf("gen/%03d/a%06d.md", i/1000, i) }

// genVocab is a synthetic vocabulary drawn with a Zipf law, so that term
// frequencies look like a real corpus's rather than a few templates'.
var genVocab = func() []string {
	var out []string
	seen := map[string]bool{}
	r := rand.New(rand.NewPCG(1, 2))
	for len(out) < 20000 {
		n := 2 + r.IntN(3)
		var w strings.Builder
		for range n {
			w.WriteString(genSyllables[r.IntN(len(genSyllables))])
		}
		if !seen[w.String()] {
			seen[w.String()] = true
			out = append(out, w.String())
		}
	}
	return out
}()

func genWords(r *rand.Rand, z *rand.Zipf, n int) string {
	var b strings.Builder
	for k := range n {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(genVocab[z.Uint64()])
	}
	return b.String()
}

// article is the i-th generated article.
func (g genFS) article(i int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	z := rand.NewZipf(r, 1.07, 2, uint64(len(genVocab)-1))
	fr := r.IntN(3) == 0
	v := r.IntN(genVendors)
	vendor := genVendorName(v)
	var b bytes.Buffer
	lang, filler, quotes := "en", genFillerEN, genQuotesEN
	if fr {
		lang, filler, quotes = "fr", genFillerFR, genQuotesFR
	}
	date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%1500)
	fmt.Fprintf(&b, "---\ntitle: \"%s article %d\"\npublication: Outlet %d\nurl: https://outlet%d.example/%d\ndate: %s\nlang: %s\n---\n", vendor, i, i%25, i%25, i, date.Format(time.DateOnly), lang)
	fmt.Fprintf(&b, "%s article %d\n\n", vendor, i)
	nq := 3 + r.IntN(4)
	for k := range nq {
		b.WriteString(filler[:100+r.IntN(len(filler)-100)])
		b.WriteString(genWords(r, z, 60+r.IntN(60)))
		b.WriteString(".\n\n")
		who := genPerson(v, k%2)
		q := genWords(r, z, 8+r.IntN(12))
		if r.IntN(2) == 0 {
			q = quotes[r.IntN(len(quotes))] + ", " + q
		}
		if fr {
			fmt.Fprintf(&b, "« %s », déclare %s, directeur général de %s.\n\n", q, who, vendor)
		} else {
			fmt.Fprintf(&b, "\"%s,\" said %s, chief executive of %s.\n\n", q, who, vendor)
		}
	}
	for b.Len() < 5000 {
		b.WriteString(genWords(r, z, 40))
		b.WriteString(".\n\n")
	}
	return b.Bytes()
}

// genQuestions are the questions benchmarks ask, round-robin.
func genQuestions() []string {
	var out []string
	for i := range 20 {
		v := genVendorName(i)
		out = append(out,
			"What does "+v+" say about trust?",
			"does "+v+" compete with its customers?",
			v+" fait-il concurrence à ses clients ?",
			"will "+v+" train on my data?",
			"keep data in Europe",
			genVocab[10+i]+" "+genVocab[200+i*7],
		)
	}
	return out
}

func (g genFS) Open(name string) (fs.File, error) {
	if name == "." || name == "gen" {
		return g.dir(name), nil
	}
	if strings.HasPrefix(name, "gen/") && len(name) == len("gen/000") {
		return g.dir(name), nil
	}
	var i int
	var d int
	if _, err := fmt.Sscanf(name, "gen/%03d/a%06d.md", &d, &i); err != nil || i >= g.n || g.name(i) != name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &genFile{name: name, r: bytes.NewReader(g.article(i))}, nil
}

// genSizes caches the size of each generated file (by number), so that
// a stat does not make the file.
var genSizes sync.Map

// Stat stats a file without making it, once its size is known.
func (g genFS) Stat(name string) (fs.FileInfo, error) {
	// "gen/000/a000123.md", read without fmt: stats are what a
	// no-change Sync spends its time on.
	i, err := strconv.Atoi(strings.TrimSuffix(path.Base(name), ".md")[min(1, len(name)):])
	if err == nil && i >= 0 && i < g.n && g.name(i) == name {
		if size, ok := genSizes.Load(i); ok {
			return genEntry{name: path.Base(name), size: size.(int64)}, nil
		}
		size := int64(len(g.article(i)))
		genSizes.Store(i, size)
		return genEntry{name: path.Base(name), size: size}, nil
	}
	f, err := g.Open(name)
	if err != nil {
		return nil, err
	}
	return f.Stat()
}

func (g genFS) dir(name string) *genDir {
	var entries []fs.DirEntry
	switch {
	case name == ".":
		entries = []fs.DirEntry{genEntry{name: "gen", dir: true}}
	case name == "gen":
		for d := 0; d*1000 < g.n; d++ {
			entries = append(entries, genEntry{name: fmt.Sprintf("%03d", d), dir: true})
		}
	default:
		var d int
		fmt.Sscanf(name, "gen/%03d", &d)
		for i := d * 1000; i < min(g.n, (d+1)*1000); i++ {
			entries = append(entries, genFileEntry{g: g, path: g.name(i)})
		}
	}
	return &genDir{name: name, entries: entries}
}

type genEntry struct {
	name string
	dir  bool
	size int64
}

func (e genEntry) Name() string { return e.name }
func (e genEntry) IsDir() bool  { return e.dir }
func (e genEntry) Type() fs.FileMode {
	if e.dir {
		return fs.ModeDir
	}
	return 0
}
func (e genEntry) Info() (fs.FileInfo, error) { return e, nil }
func (e genEntry) Size() int64                { return e.size }
func (e genEntry) Mode() fs.FileMode          { return e.Type() | 0o444 }
func (e genEntry) ModTime() time.Time         { return genModTime }
func (e genEntry) Sys() any                   { return nil }

// genFileEntry is a generated file in its folder's listing; its Info is
// the file's stat, as a listing of a folder on disk gives.
type genFileEntry struct {
	g    genFS
	path string
}

func (e genFileEntry) Name() string               { return path.Base(e.path) }
func (e genFileEntry) IsDir() bool                { return false }
func (e genFileEntry) Type() fs.FileMode          { return 0 }
func (e genFileEntry) Info() (fs.FileInfo, error) { return e.g.Stat(e.path) }

type genDir struct {
	name    string
	entries []fs.DirEntry
	off     int
}

func (d *genDir) Stat() (fs.FileInfo, error) { return genEntry{name: d.name, dir: true}, nil }
func (d *genDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *genDir) Close() error               { return nil }
func (d *genDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}

type genFile struct {
	name string
	r    *bytes.Reader
}

func (f *genFile) Stat() (fs.FileInfo, error) {
	return genEntry{name: f.name[strings.LastIndex(f.name, "/")+1:], size: f.r.Size()}, nil
}
func (f *genFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *genFile) Close() error               { return nil }

func TestGenFS(t *testing.T) {
	g := genFS{n: 2500}
	paths, err := corpus.List(g)
	if err != nil || len(paths) != 2500 {
		t.Fatalf("List(genFS{2500}) = %d paths, %v", len(paths), err)
	}
	b, err := corpus.ReadFile(g, paths[1234])
	if err != nil || len(b) < 4500 {
		t.Fatalf("ReadFile(%s) = %d bytes, %v", paths[1234], len(b), err)
	}
}

// TestWriteGenCorpus writes the generated corpus to disk, for measuring
// the trustwatch command as a whole process: with TRUSTWATCH_GEN_DIR set
// (and TRUSTWATCH_GEN_N, default 20000), it writes that many articles
// there, and with TRUSTWATCH_GEN_VENDORS set, the generated vendors'
// registry file there (for TRUSTWATCH_VENDORS); without, it is skipped.
//
//	TRUSTWATCH_GEN_DIR=/tmp/gen20k go test -run WriteGenCorpus ./index/
func TestWriteGenCorpus(t *testing.T) {
	dir := os.Getenv("TRUSTWATCH_GEN_DIR")
	if dir == "" {
		t.Skip("set TRUSTWATCH_GEN_DIR to write a generated corpus")
	}
	n := 20000
	if s := os.Getenv("TRUSTWATCH_GEN_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatalf("TRUSTWATCH_GEN_N=%q: %v", s, err)
		}
	}
	if v := os.Getenv("TRUSTWATCH_GEN_VENDORS"); v != "" {
		if err := os.WriteFile(v, genRegistryYAML(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g := genFS{n: n}
	for i := range n {
		p := filepath.Join(dir, filepath.FromSlash(g.name(i)))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, g.article(i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
