package corpus

import (
	"slices"
	"strings"
	"unicode"
)

// Golden attributions of the real development articles
// (testdata/real/*.golden.json): TestExtractReal scores extraction against
// them, and the speaker model is trained on them (speaker_train.go).

// realGolden is what a careful reader extracts from a real article
// (testdata/real/*.golden.json, in the format of the shared seed golden
// file).
type realGolden struct {
	Quotes []struct {
		Fragment     string  `json:"fragment"`
		Speaker      string  `json:"speaker"`
		SpeakerKind  string  `json:"speaker_kind"`
		SpeakerTitle string  `json:"speaker_title"`
		Vendor       string  `json:"vendor"`
		Labels       []Label `json:"labels"`
		// Topics are what the quotation is about (CONTRACT.md § Topics).
		Topics []string `json:"topics"`
		// AlsoSpeakers and AlsoVendors are the other readings a careful
		// reader accepts for this quotation (the also_acceptable note says
		// why).
		AlsoSpeakers []string `json:"also_speakers"`
		AlsoVendors  []string `json:"also_vendors"`
	} `json:"quotes"`
	// AlsoAcceptable is prose: the quotations it quotes (scare quotes,
	// headline words) may be reported or skipped.
	AlsoAcceptable string `json:"also_acceptable"`
}

// normSpace collapses white space, for matching fragments.
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// trimPunct drops what surrounds the words of a short quotation.
func trimPunct(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// fragmentIn reports whether a golden fragment is a quotation's text or a
// part of it. A fragment of one or two words ("trust") must be the whole
// quotation, punctuation aside: it would be inside too many others.
func fragmentIn(fragment, text string) bool {
	f, t := normSpace(fragment), normSpace(text)
	if len(strings.Fields(f)) <= 2 {
		return strings.EqualFold(trimPunct(f), trimPunct(t))
	}
	return strings.Contains(t, f)
}

// sameSpeaker reports whether an extracted speaker names the golden one:
// the same words in any case, or its last words (a surname, "Viegas Dos
// Reis"), or for an organisation a name of the same vendor.
func sameSpeaker(reg *Registry, got, want, kind string) bool {
	g, w := strings.Fields(foldPhrase(got)), strings.Fields(foldPhrase(want))
	if len(g) == 0 || len(w) == 0 {
		return len(g) == len(w)
	}
	if slices.Equal(g, w) {
		return true
	}
	if kind == "person" && len(g) < len(w) && slices.Equal(g, w[len(w)-len(g):]) {
		return true
	}
	if kind == "organisation" {
		gv, ok1 := reg.Lookup(got)
		wv, ok2 := reg.Lookup(want)
		return ok1 && ok2 && gv.ID == wv.ID
	}
	return false
}

// accepts reports whether name is the speaker of golden quotation gi, or
// one of the readings it tolerates.
func (g *realGolden) accepts(reg *Registry, gi int, name string) bool {
	w := g.Quotes[gi]
	if sameSpeaker(reg, name, w.Speaker, w.SpeakerKind) {
		return true
	}
	for _, s := range w.AlsoSpeakers {
		if sameSpeaker(reg, name, s, "person") || sameSpeaker(reg, name, s, "organisation") {
			return true
		}
	}
	return false
}

// holding is the golden quotations whose fragment the extracted
// quotation text holds.
func (g *realGolden) holding(text string) []int {
	var holds []int
	for gi, w := range g.Quotes {
		if fragmentIn(w.Fragment, text) {
			holds = append(holds, gi)
		}
	}
	return holds
}
