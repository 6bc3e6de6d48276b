package report

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// dossierCorpus is 250 articles of an invented vendor over ten years,
// four distinct quotations each: 1,000 statements.
func dossierCorpus() fstest.MapFS {
	says := []string{
		"Trust is our top priority and the foundation of everything we build, number %d",
		"We will never compete with our customers in their own markets, we said it %d times",
		"Some of our partners are also our competitors, and that is fine, case %d",
		"Your data stays in the region you choose, under local law, region %d",
	}
	m := fstest.MapFS{}
	for i := range 250 {
		body := fmt.Sprintf("---\ntitle: Nimbus news %d\npublication: Cloud Ledger\nurl: https://cloudledger.example/n%d\ndate: %d-%02d-%02d\nlang: en\n---\n", i, i, 2015+i/25, i%12+1, i%28+1)
		for k, s := range says {
			body += fmt.Sprintf("\n%q said Ada Varga, chief executive of Nimbus.\n", fmt.Sprintf(s, i*4+k))
		}
		m[fmt.Sprintf("n%03d.md", i)] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

// BenchmarkReport1000 is the time to make a report (the index's list,
// the Markdown and the chart) for a vendor with 1,000 statements:
//
//	go test ./bot/report -run '^$' -bench Report1000 -benchtime 5x
func BenchmarkReport1000(b *testing.B) {
	reg, err := corpus.LoadRegistry([]byte("vendors:\n  - id: nimbus\n    name: Nimbus Cloud\n    aliases: [Nimbus]\n    people: [Ada Varga]\n"))
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open("", index.Options{Registry: corpus.Builtin().Merge(reg)})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if _, err := ix.Sync(ctx, dossierCorpus(), nil); err != nil {
		b.Fatal(err)
	}
	var size int
	for b.Loop() {
		v, err := ix.VendorQuotes(ctx, "nimbus", "")
		if err != nil {
			b.Fatal(err)
		}
		if len(v.Quotes) < 900 {
			b.Fatalf("%d statements; want about 1,000", len(v.Quotes))
		}
		png, err := Chart(v)
		if err != nil {
			b.Fatal(err)
		}
		size = len(Markdown(v, "nimbus.png")) + len(png)
	}
	b.ReportMetric(float64(size), "bytes")
}
