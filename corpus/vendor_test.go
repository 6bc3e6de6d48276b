package corpus

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestBuiltin(t *testing.T) {
	r := Builtin()
	if r != Builtin() {
		t.Error("Builtin() is built more than once")
	}
	vs := r.Vendors()
	if len(vs) < 30 {
		t.Errorf("Builtin() has %d vendors; want at least 30", len(vs))
	}
	for _, id := range []string{"aws", "microsoft", "google-cloud", "oracle", "ibm", "salesforce", "slack", "zoom", "snowflake",
		"databricks", "sap", "alibaba-cloud", "ovhcloud", "s3ns", "scaleway", "openai", "anthropic", "meta", "apple", "cisco",
		"broadcom", "dell", "hpe", "cloudflare", "digitalocean", "atos", "capgemini", "orange-business", "mistral-ai", "nvidia",
		"workday", "servicenow", "adobe", "bleu", "hugging-face"} {
		if _, ok := r.Vendor(id); !ok {
			t.Errorf("Builtin().Vendor(%q) not found", id)
		}
	}
	aws, _ := r.Vendor("aws")
	for _, a := range []string{"AWS", "Amazon Web Services", "Amazon", "Amazon Care"} {
		if !slices.Contains(aws.Aliases, a) {
			t.Errorf("aws aliases %q lack %q", aws.Aliases, a)
		}
	}
	// The shared registry cannot be changed through what it returns.
	vs[0].Aliases[0] = "changed"
	aws.Aliases[0] = "changed"
	if v, _ := r.Vendor("aws"); v.Aliases[0] == "changed" || r.Vendors()[0].Aliases[0] == "changed" {
		t.Error("Builtin() changed through a returned Vendor")
	}
}

func TestLookup(t *testing.T) {
	r := Builtin()
	tests := map[string]string{
		"aws": "aws", "AWS": "aws", "amazon web services": "aws", "Amazon": "aws", "Adam Selipsky": "aws", "selipsky": "aws",
		"Microsft": "microsoft", "satya nadella": "microsoft", "GCP": "google-cloud", "google": "google-cloud",
		"clement delangue": "hugging-face", "Mistral": "mistral-ai", "mistral-ai": "mistral-ai", "VMware": "broadcom",
		"nobody": "", "": "", "Tan": "", // Hock Tan and Lip-Bu Tan speak for two vendors
	}
	for name, want := range tests {
		v, ok := r.Lookup(name)
		if v.ID != want || ok != (want != "") {
			t.Errorf("Lookup(%q) = %q, %v; want %q", name, v.ID, ok, want)
		}
	}
}

func TestPerson(t *testing.T) {
	r := Builtin()
	tests := map[string]string{
		"Adam Selipsky": "aws", "adam  SELIPSKY": "aws", "Selipsky": "aws", "Judson Althoff": "microsoft",
		"Clément Delangue": "hugging-face", "Amodei": "anthropic", "Tan": "", "Microsoft": "", "Jane Doe": "",
	}
	for name, want := range tests {
		id, ok := r.Person(name)
		if id != want || ok != (want != "") {
			t.Errorf("Person(%q) = %q, %v; want %q", name, id, ok, want)
		}
	}
}

func TestMentions(t *testing.T) {
	r := Builtin()
	tests := []struct {
		q    string
		want []string
	}{
		{"does aws compete with its customers?", []string{"aws"}},
		{"does AWS compete with Microsoft?", []string{"aws", "microsoft"}},
		{"Microsft vs Amazn", []string{"microsoft", "aws"}},
		{"gogle cloud trust", []string{"google-cloud"}},
		{"google cloud platform and gcp", []string{"google-cloud"}},
		{"MSFT GOOGL AMZN", []string{"microsoft", "google-cloud", "aws"}},
		{"Que dit d'AWS Judson Althoff ?", []string{"aws", "microsoft"}},
		{"what did nadella say", []string{"microsoft"}},
		{"salesfroce and snowflak", []string{"salesforce", "snowflake"}},
		{"ovh cloud souverain, s3ns, bleu", []string{"ovhcloud", "s3ns", "bleu"}},
		{"hugging face and mistral ai", []string{"hugging-face", "mistral-ai"}},
		// A name with inner capitals written as its parts; a letter typed
		// too often.
		{"Open AI utilise-t-elle mes conversations ?", []string{"openai"}},
		{"does Open-AI train on my data", []string{"openai"}},
		{"chat gpt et mes données", []string{"openai"}},
		{"Digital Ocean vs VM ware", []string{"digitalocean", "broadcom"}},
		// A name of several words written as one.
		{"redhat cloud act exposure", []string{"red-hat"}},
		{"mistralai et googlecloud", []string{"mistral-ai", "google-cloud"}},
		{"Zooom entraîne-t-il ses modèles ?", []string{"zoom"}},
		{"zoooom and awws", []string{"zoom", "aws"}},
		// Common words are not taken for misspelt vendors.
		{"is the open source model open as in free?", nil},
		{"is there a managed service now in Europe?", nil}, // not ServiceNow: both parts are common words
		{"open the data", nil},
		{"zom, zoo, del", nil}, // a letter left out is no name
		{"apply the stack to a black disco", nil},
		{"does it train on my data?", nil},
		{"amazing", nil},
		{"ams", nil}, // too short to be a misspelling of AWS
		{"", nil},
	}
	for _, tt := range tests {
		if got := r.Mentions(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("Mentions(%q) = %q; want %q", tt.q, got, tt.want)
		}
	}
}

func TestMisspellings(t *testing.T) {
	r := Builtin()
	tests := []struct {
		q    string
		want []Misspelling
	}{
		{"Microsft vs Amazn", []Misspelling{{"Microsft", "microsoft"}, {"Amazn", "aws"}}},
		{"gogle cloud trust", []Misspelling{{"gogle cloud", "google-cloud"}}},
		{"Zooom entraîne-t-il ses modèles ?", []Misspelling{{"Zooom", "zoom"}}},
		{"does Safeway keep data in Europe?", []Misspelling{{"Safeway", "scaleway"}}},
		// Spellings of the registry are no misspellings.
		{"does AWS compete with Microsoft, MSFT or Open AI?", nil},
		{"ovh cloud souverain", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := r.Misspellings(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("Misspellings(%q) = %q; want %q", tt.q, got, tt.want)
		}
	}
}

// TestMentionsSpellings checks, on invented vendors, the ways questions
// write a name besides misspellings: its inner-capital parts as words, a
// letter typed too often.
func TestMentionsSpellings(t *testing.T) {
	r, err := LoadRegistry([]byte(`vendors:
  - id: skyvault
    aliases: [SkyVault, SKV]
  - id: nuvo
    aliases: [Nuvo]
  - id: clouddata
    aliases: [CloudData]
  - id: fjordhq
    aliases: [FjordHQ]
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"does SkyVault train on my files?", []string{"skyvault"}},
		{"does Sky Vault train on my files?", []string{"skyvault"}},
		{"sky-vault et nuuvo", []string{"skyvault", "nuvo"}},
		{"Nuvooo entraîne-t-il ses modèles ?", []string{"nuvo"}},
		{"fjord hq and fjord-HQ", []string{"fjordhq"}},
		{"nuv, nvo, the sky, a vault", nil}, // a letter left out; one part alone
		{"cloud data in the EU", nil},       // both parts common words: not split
		{"clouddata in the EU", []string{"clouddata"}},
	}
	for _, tt := range tests {
		if got := r.Mentions(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("Mentions(%q) = %q; want %q", tt.q, got, tt.want)
		}
	}
	// Article text stays strict: the parts of a name are not the name.
	if got := r.MentionsAt("Sky Vault and Nuuvo"); len(got) != 0 {
		t.Errorf("MentionsAt(%q) = %v; want none", "Sky Vault and Nuuvo", got)
	}
}

func TestMentionsAtSample(t *testing.T) {
	const id = "silicon-2022-02-microsoft-tacle-amazon.md"
	data, _ := ReadFile(Sample(), id)
	a, err := ParseArticle(id, data)
	if err != nil {
		t.Fatal(err)
	}
	r := Builtin()
	found := map[string][]string{}
	for _, m := range r.MentionsAt(a.Text) {
		found[m.ID] = append(found[m.ID], a.Text[m.Start:m.End])
	}
	for id, names := range map[string][]string{
		"aws":       {"Amazon Care", "AWS", "Amazon Web Services", "Amazon"},
		"microsoft": {"Microsoft"},
	} {
		for _, n := range names {
			if !slices.Contains(found[id], n) {
				t.Errorf("MentionsAt(seed) for %s = %q; lacks %q", id, found[id], n)
			}
		}
	}
	if i := strings.Index(a.Text, "d'AWS"); i < 0 || !slices.Contains(r.MentionsAt(a.Text), Mention{"aws", i + 2, i + 5}) {
		t.Errorf("MentionsAt(seed) misses d'AWS at %d", i+2)
	}
	if len(found) != 2 {
		t.Errorf("MentionsAt(seed) found %v; want aws and microsoft only", found)
	}
	people := r.PeopleAt(a.Text)
	if len(people) == 0 || people[0].ID != "microsoft" || a.Text[people[0].Start:people[0].End] != "Judson Althoff" {
		t.Errorf("PeopleAt(seed) = %v; want Judson Althoff first", people)
	}
}

func TestMentionsAt(t *testing.T) {
	r := Builtin()
	tests := []struct {
		text string
		want []Mention
	}{
		{"Amazon Web Services (AWS)", []Mention{{"aws", 0, 19}, {"aws", 21, 24}}},
		{"l’Amazon et d'AWS", []Mention{{"aws", 4, 10}, {"aws", 16, 19}}},
		{"Amazon\u00a0Web\nServices", []Mention{{"aws", 0, 20}}},
		{"MICROSOFT and Microsoft Azure", []Mention{{"microsoft", 0, 9}, {"microsoft", 14, 29}}},
		{"an apple, a slack rope, a zoom lens, amazonian, AWSome", nil},
		{"Apple and Slack", []Mention{{"apple", 0, 5}, {"slack", 10, 15}}},
		{"Salesforce.com, Google Cloud Platform", []Mention{{"salesforce", 0, 14}, {"google-cloud", 16, 37}}},
	}
	for _, tt := range tests {
		if got := r.MentionsAt(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("MentionsAt(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
	var nilReg *Registry
	if nilReg.MentionsAt("AWS") != nil || nilReg.Mentions("aws") != nil || len(nilReg.Vendors()) != 0 {
		t.Error("a nil *Registry is not empty")
	}
}

func TestLoadRegistryErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"empty", "", "empty file"},
		{"no vendors", "vendors: []", "no vendors"},
		{"broken", "vendors:\n  - id: a\n   name: x", "yaml: line"},
		{"unknown key", "vendors:\n  - id: a\n    alias: [A]", "field alias not found"},
		{"no id", "vendors:\n  - name: X", "vendor 1 (X): no id"},
		{"bad id", "vendors:\n  - id: Big Co", `id "Big Co": use lower-case letters`},
		{"duplicate id", "vendors:\n  - id: a\n  - id: b\n  - id: a", `vendor 3 (a): id "a" is also vendor 1's`},
		{"shared alias", "vendors:\n  - id: a\n    aliases: [Acme]\n  - id: b\n    aliases: [ACME]", `vendor 2 (ACME): "ACME" also names vendor "a"`},
		{"no letters", "vendors:\n  - id: a\n    aliases: [\"++\"]", `"++" has no letters or digits`},
	}
	for _, tt := range tests {
		r, err := LoadRegistry([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: LoadRegistry(%q) = %v, %v; want an error with %q", tt.name, tt.yaml, r, err, tt.want)
		}
	}
}

func TestMerge(t *testing.T) {
	user, err := LoadRegistry([]byte(`
vendors:
  - id: aws
    name: AWS
    aliases: [AWS]
  - id: acme
    name: Acme Cloud
    aliases: [Acme, Amazon Care]
    people: [Wile Coyote]
`))
	if err != nil {
		t.Fatal(err)
	}
	base := Builtin()
	r := base.Merge(user)
	if v, _ := r.Vendor("aws"); v.Name != "AWS" || !slices.Equal(v.Aliases, []string{"AWS"}) || v.People != nil {
		t.Errorf("Merge: aws = %+v; want the user's, replacing the built-in one", v)
	}
	if v, _ := base.Vendor("aws"); v.Name != "Amazon Web Services" {
		t.Errorf("Merge changed the built-in registry: aws = %+v", v)
	}
	if got := r.Mentions("acme and amazon care, amazon"); !slices.Equal(got, []string{"acme"}) {
		t.Errorf("merged Mentions = %q; want acme (Amazon is no longer an aws alias)", got)
	}
	if got := r.MentionsAt("Acme, Amazon Care and Microsoft"); !slices.Equal(got, []Mention{{"acme", 0, 4}, {"acme", 6, 17}, {"microsoft", 22, 31}}) {
		t.Errorf("merged MentionsAt = %v", got)
	}
	if id, _ := r.Person("Wile Coyote"); id != "acme" {
		t.Errorf("merged Person(Wile Coyote) = %q; want acme", id)
	}
	if n := len(r.Vendors()); n != len(base.Vendors())+1 {
		t.Errorf("merged registry has %d vendors; want %d", n, len(base.Vendors())+1)
	}
	if base.Merge(nil) != base || (*Registry)(nil).Merge(user).Vendors()[0].ID != "aws" {
		t.Error("Merge with nil")
	}
}

func BenchmarkMentionsAt(b *testing.B) {
	a, _ := ParseArticle("bench.md", benchArticle())
	r := Builtin()
	for b.Loop() {
		r.MentionsAt(a.Text)
	}
}

func BenchmarkMentions(b *testing.B) {
	r := Builtin()
	for b.Loop() {
		r.Mentions("does Amazn compete with its customers, unlike gogle cloud?")
	}
}

// TestMentionsIn checks that Extract's reading of vendor mentions off its
// tokens finds what MentionsAt finds, on every test article.
func TestMentionsIn(t *testing.T) {
	reg := testRegistry(t)
	paths, _ := filepath.Glob(filepath.Join("testdata", "*", "*.md"))
	texts := []string{"Amazon-owned d’AWS l'Amazon Web Services @SlackHQ pre-AWS Google_Cloud aujourd'hui Microsoft's MICROSOFT Amazon  Web\u00a0Services"}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(filepath.Base(p), data)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, a.Text)
	}
	for _, text := range texts {
		var want []vendorSpan
		for _, m := range reg.MentionsAt(text) {
			want = append(want, vendorSpan{m.ID, m.Start, m.End})
		}
		if got := reg.mentionsIn(text, attTokens(text, 0)); !slices.Equal(got, want) {
			t.Errorf("mentionsIn(%.60q…) = %v; want %v", text, got, want)
		}
	}
}
