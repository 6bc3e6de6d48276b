package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestReportSampleGolden: with no configuration, `report aws` answers
// from the built-in sample corpus, and says what the golden file says.
func TestReportSampleGolden(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"report", "aws"}, envOf(nil), &stdout, &stderr); err != nil {
		t.Fatalf("report aws = %v; stderr %s", err, stderr.String())
	}
	path := filepath.Join("testdata", "report-aws.golden.md")
	if *update {
		if err := os.WriteFile(path, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (go test ./cmd/trustwatch -run TestReportSampleGolden -update writes it): %v", err)
	}
	if stdout.String() != string(want) {
		t.Errorf("report aws differs from %s:\n%s", path, stdout.String())
	}
	if strings.Contains(stdout.String(), "![") {
		t.Errorf("report on standard output links a chart that was not written")
	}
}

// TestReportOut: --out writes the Markdown and a PNG chart next to it,
// linked relatively, whether the flag comes before or after the vendor.
func TestReportOut(t *testing.T) {
	for _, tc := range []struct {
		name string
		args func(out string) []string
	}{
		{"flag last, as the contract writes it", func(out string) []string { return []string{"report", "aws", "competition", "--out", out} }},
		{"flag first", func(out string) []string { return []string{"report", "--out", out, "aws", "competition"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "aws.md")
			var stdout, stderr bytes.Buffer
			if err := run(context.Background(), tc.args(out), envOf(nil), &stdout, &stderr); err != nil {
				t.Fatalf("report --out = %v; stderr %s", err, stderr.String())
			}
			md, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(md), "](<aws.png>)") || !strings.Contains(string(md), "dossier on competition") {
				t.Errorf("aws.md does not link aws.png or is not on competition:\n%s", md)
			}
			b, err := os.ReadFile(filepath.Join(filepath.Dir(out), "aws.png"))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("decode aws.png: %v", err)
			}
			if r := img.Bounds(); r.Dx() < 400 || r.Dx() > 2000 || r.Dy() < 200 || r.Dy() > 1200 {
				t.Errorf("aws.png is %dx%d; want a chart of sane size", r.Dx(), r.Dy())
			}
			colours := map[uint32]bool{}
			r := img.Bounds()
			for y := r.Min.Y; y < r.Max.Y; y += 2 {
				for x := r.Min.X; x < r.Max.X; x += 2 {
					cr, cg, cb, _ := img.At(x, y).RGBA()
					colours[cr>>8<<16|cg>>8<<8|cb>>8] = true
				}
			}
			if len(colours) < 3 {
				t.Errorf("aws.png has %d colours; want a drawn chart, not a blank image", len(colours))
			}
			if !strings.Contains(stdout.String(), "wrote "+out+" and ") {
				t.Errorf("stdout = %q; want what was written", stdout.String())
			}
		})
	}
}

// TestReportRefusals: an unknown vendor or topic is bad usage, said as
// ask says it; a vendor with nothing is a sentence and exit status 1,
// with nothing written.
func TestReportRefusals(t *testing.T) {
	vendors := filepath.Join(t.TempDir(), "vendors.yaml")
	if err := os.WriteFile(vendors, []byte("vendors:\n  - id: borealis\n    name: Borealis Data\n    aliases: [Borealis]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "r.md")
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown vendor", []string{"report", "nosuch"}, 2, `I do not know a vendor called "nosuch".`},
		{"unknown topic", []string{"report", "aws", "weather"}, 2, `"weather" is not a topic; the topics are competition, customer-data`},
		{"no vendor", []string{"report"}, 2, "give a vendor"},
		{"too many words", []string{"report", "aws", "trust", "more"}, 2, "give a vendor"},
		{"vendor with nothing", []string{"report", "borealis", "--out", out}, 1, "There are no quotations from Borealis Data in the corpus."},
		{"vendor with nothing on a topic", []string{"report", "aws", "sovereignty"}, 1, "There are no quotations from Amazon Web Services on sovereignty in the corpus."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, envOf(map[string]string{"TRUSTWATCH_VENDORS": vendors}), &stdout, &stderr)
			if exitCode(err) != tc.code || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%v = %v (exit %d); want exit %d with %q", tc.args, err, exitCode(err), tc.code, tc.want)
			}
			if stdout.Len() > 0 && tc.code == 1 {
				t.Errorf("%v printed %q; want nothing on stdout", tc.args, stdout.String())
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("report of a vendor with nothing wrote %s", out)
	}
}

// TestReportExampleUpToDate: the example the README shows is what the
// documented command makes today:
//
//	go run ./cmd/trustwatch report microsoft --out cmd/trustwatch/testdata/example/microsoft.md
func TestReportExampleUpToDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "microsoft.md")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"report", "microsoft", "--out", out}, envOf(nil), &stdout, &stderr); err != nil {
		t.Fatalf("report microsoft = %v; stderr %s", err, stderr.String())
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile(filepath.Join("testdata", "example", "microsoft.md"))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("testdata/example/microsoft.md is not what the command makes (%v); run from the repository's root:\n  go run ./cmd/trustwatch report microsoft --out cmd/trustwatch/testdata/example/microsoft.md", err)
	}
	if _, err := os.Stat(filepath.Join("testdata", "example", "microsoft.png")); err != nil {
		t.Errorf("the example chart is missing: %v", err)
	}
}

// TestReportAppliesCorrections: `report` writes the dossier with the
// corrections made in Slack (the state beside the index folder), as the
// bot's answers and `ask` show them: a corrected speaker, and a quotation
// that is not a statement left out.
func TestReportAppliesCorrections(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := index.Open("", index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, corpus.Sample(), nil); err != nil {
		t.Fatal(err)
	}
	v, err := ix.VendorQuotes(ctx, "aws", "")
	if err != nil || len(v.Quotes) < 2 {
		t.Fatalf("aws's quotations = %d, %v; want two or more", len(v.Quotes), err)
	}
	const name = "Ilse Marrowgate" // invented
	store := bot.NewStore(filepath.Join(dir, bot.StateFile), bot.StoreOptions{})
	for i, c := range []bot.Correction{
		{Kind: bot.FixSpeaker, Speaker: name, SpeakerTitle: "CTO"},
		{Kind: bot.FixNotStatement},
	} {
		c.ID, c.Quote, c.By, c.At = fmt.Sprint("c", i), v.Quotes[i].Ref(), "U0FIXER", time.Now()
		if _, err := store.AddCorrection(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	env := envOf(map[string]string{"TRUSTWATCH_INDEX": filepath.Join(dir, "index")})
	if err := run(ctx, []string{"report", "aws"}, env, &stdout, &stderr); err != nil {
		t.Fatalf("report aws = %v; stderr %s", err, stderr.String())
	}
	md := stdout.String()
	if !strings.Contains(md, name+", CTO") {
		t.Errorf("report lacks the corrected speaker %q:\n%s", name, md)
	}
	if want := fmt.Sprintf("%d statements in", len(v.Quotes)-1); !strings.Contains(md, want) {
		t.Errorf("report does not say %q (one quotation is not a statement):\n%s", want, md)
	}
}
