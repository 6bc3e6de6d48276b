// Command trainspeakers rebuilds trustwatch's speaker model (the learned
// attribution step after the sieve) from the golden attributions of the
// real articles in corpus/testdata/real, held-out ones and batches only
// scored so far excepted, writes the weights that corpus embeds
// (corpus/model/speakers.model) and prints the 5-fold cross-validated
// speaker precision and recall, folds by article, at the chosen threshold;
// then the vendor model (corpus/model/vendors.model), which decides the
// vendor of a quotation whose speaker gives none, and its cross-validated
// accuracy beside the old rule's.
//
//	go run ./cmd/trainspeakers          # train, write the model, print the figures
//	go run ./cmd/trainspeakers -check   # fail if the committed model is not what the data gives
//	go run ./cmd/trainspeakers -mistakes # list what cross-validation gets wrong or misses
//
// Run it from the module's root. Training is deterministic: the same
// articles give the same file, bit for bit.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/trustwatch/trustwatch/cmd/internal/trained"
	"github.com/trustwatch/trustwatch/corpus"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "trainspeakers:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("trainspeakers", flag.ContinueOnError)
	dir := fs.String("real-dir", filepath.Join("corpus", "testdata", "real"), "the real articles and their goldens")
	out := fs.String("out", filepath.Join("corpus", "model", "speakers.model"), "the model file to write")
	vout := fs.String("vendors-out", "", "the vendor model file to write (default: vendors.model beside -out)")
	check := fs.Bool("check", false, "do not write: fail if -out differs from what the data gives")
	mistakes := fs.Bool("mistakes", false, "do not write: list the quotations cross-validation attributes wrong or misses")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *vout == "" {
		*vout = filepath.Join(filepath.Dir(*out), "vendors.model")
	}
	docs, err := corpus.ReadSpeakerData(*dir)
	if err != nil {
		return err
	}
	if *mistakes {
		fmt.Fprint(stdout, corpus.SpeakerMistakes(docs))
		fmt.Fprint(stdout, corpus.VendorMistakes(docs))
		return nil
	}
	model, report, err := corpus.TrainSpeakerModel(docs)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, report)
	if err := trained.Save(*out, model, *check, "./cmd/trainspeakers", *dir, stdout); err != nil {
		return err
	}
	vmodel, vreport, err := corpus.TrainVendorModel(docs)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, vreport)
	return trained.Save(*vout, vmodel, *check, "./cmd/trainspeakers", *dir, stdout)
}
