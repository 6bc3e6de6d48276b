package corpus

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestVendorModelRebuild retrains the vendor model from the real articles
// and checks that it gives the embedded weights bit for bit.
func TestVendorModelRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("retrains the speaker and vendor models")
	}
	docs, err := ReadSpeakerData(filepath.Join("testdata", "real"))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := TrainVendorModel(docs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, vendorModelFile) {
		t.Errorf("TrainVendorModel(testdata/real) differs from the embedded model/vendors.model (%d bytes, want %d): run go run ./cmd/trainspeakers", len(got), len(vendorModelFile))
	}
}

// vendorStepOf extracts text as an article about vendors and returns the
// quotation holding quote, and what the vendor step saw of it.
func vendorStepOf(t *testing.T, text string, vendors []string, quote string) (Quote, attribution) {
	t.Helper()
	x := newExtractor(Article{ID: "t.md", Text: text, Lang: DetectLang(text), Vendors: vendors}, testRegistry(t))
	defer x.buf.release()
	x.speakers = loadedSpeakerModel()
	x.vendors = loadedVendorModel()
	var got Quote
	var att attribution
	found := false
	x.seen = func(q *Quote, a *attribution) {
		if strings.Contains(q.Text, quote) {
			got, att, found = *q, *a, true
			att.vcands = slices.Clone(a.vcands)
		}
	}
	x.extract()
	if !found {
		t.Fatalf("no quotation with %q in %q", quote, text)
	}
	return got, att
}

// TestVendorCandidates checks which quotations the vendor step decides,
// its candidates (none first, then the vendors named in the words, around
// them, and the article's) and the signs it reads for none.
func TestVendorCandidates(t *testing.T) {
	tests := []struct {
		name, text string
		vendors    []string
		quote      string
		open       bool     // the step decides (the speaker gives no vendor)
		want       []string // candidate ids, in order
		noneFeats  []int    // features of the none candidate that must be set
	}{
		{"the speaker's vendor decides, not the step",
			"“We never read customer files,” said Jane Roe, chief executive of Nimbus.",
			[]string{"nimbus"}, "customer files", false, nil, nil},
		{"a question put by someone unnamed, naming the article's vendor",
			"The hearing on Nimbus went on for hours.\n\nOne member of the committee asked: “Does Nimbus read the files of its customers?”",
			[]string{"nimbus"}, "read the files", true, []string{"", "nimbus"},
			[]int{vfNone, vfNoneNoSpeaker, vfNoneQuestion, vfNoneArticleInQuote}},
		{"an agency's words after a colon",
			"Nimbus and Cirrus Data signed the deal.\n\nThe agency said it had chosen them after a long review: “The tool answers our needs until a sovereign one exists.”",
			[]string{"nimbus"}, "sovereign one", true, []string{"", "nimbus", "cirrus"},
			[]int{vfNone, vfNoneOutsiderAround, vfNoneFirstWe}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, a := vendorStepOf(t, tt.text, tt.vendors, tt.quote)
			if a.vopen != tt.open {
				t.Fatalf("vendor step decides %q: %v; want %v", tt.quote, a.vopen, tt.open)
			}
			if !tt.open {
				return
			}
			var ids []string
			for _, c := range a.vcands {
				ids = append(ids, c.id)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("candidates of %q = %q; want %q", tt.quote, ids, tt.want)
			}
			for _, k := range tt.noneFeats {
				if a.vcands[0].feats[k] == 0 {
					t.Errorf("none candidate of %q lacks %s", tt.quote, vendorFeatNames[k])
				}
			}
		})
	}
}

// TestVendorDecision checks the embedded model on clear cases: an
// unnamed statement in an article about one vendor is the vendor's.
func TestVendorDecision(t *testing.T) {
	tests := []struct {
		name, text string
		vendors    []string
		quote      string
		want       string
		oldRule    string // what the rule alone (vendorAbout) gives
	}{
		{"a chief with no title in view, speaking of a partner, speaks for the article's vendor",
			"Nimbus signed a deal with Cirrus Data on Monday.\n\n“Cirrus Data brings the models we lacked,” said Ines Calder.",
			[]string{"nimbus"}, "models we lacked", "nimbus", "cirrus"},
		{"the vendor's statement, unattributed",
			"Nimbus fixed the outage on Monday and published a note.\n\n“The service is back and no customer data was lost.”",
			[]string{"nimbus"}, "service is back", "nimbus", "nimbus"},
		// not yet: a question put to the vendor at a hearing ("One member
		// of the committee asked: “Does Nimbus read …?”") still gets the
		// vendor; the real set has too few of them to learn it from
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, a := vendorStepOf(t, tt.text, tt.vendors, tt.quote)
			if !a.vopen {
				t.Fatalf("the vendor step does not decide %q (speaker %q)", q.Text, q.Speaker)
			}
			if a.vrule != tt.oldRule {
				t.Errorf("the rule's vendor of %q = %q; want %q", q.Text, a.vrule, tt.oldRule)
			}
			if q.Vendor != tt.want {
				t.Errorf("vendor of %q = %q; want %q", q.Text, q.Vendor, tt.want)
			}
		})
	}
}

// TestParseVendorModel checks the model file's format errors.
func TestParseVendorModel(t *testing.T) {
	for _, bad := range []string{"rule\n", "rule\tx\n", "nosuch\t1\n"} {
		if _, err := parseVendorModel([]byte(bad)); err == nil {
			t.Errorf("parseVendorModel(%q) = nil error; want one", bad)
		}
	}
	m, err := parseVendorModel([]byte("# c\nnone\t-1\nrule\t2\n"))
	if err != nil || m.w[vfNone] != -1 || m.w[vfRule] != 2 {
		t.Errorf("parseVendorModel = %v, %v", m, err)
	}
}
