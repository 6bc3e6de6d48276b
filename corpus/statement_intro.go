package corpus

// Statements announced without a verb of saying: a sentence that ends with
// a colon after "the following addendum", « le communiqué suivant »,
// "ce qui suit", "as follows", "en ces termes" gives the words after it as
// a quotation, the way "he says:" does. Terms of service, press releases
// and policy changes are quoted so: "on Monday Zoom updated its Terms of
// Service with the following addendum to clause 10.4:".

// introReach is how many words before the colon the announcing words may
// stand: "the following addendum to clause 10.4:" has a complement.
const introReach = 12

// statementIntro reports whether ts, a sentence, ends with a colon that
// announces a statement with words such as "the following statement",
// whatever its verb: "Zoom updated its terms with the following addendum to
// clause 10.4:", "Stratocloud a ajouté l'avenant suivant à ses conditions :".
func statementIntro(ts []tok) bool {
	n := len(ts)
	if n < 3 || ts[n-1].f != ":" {
		return false
	}
	for k := n - 2; k >= 0 && n-2-k < introReach; k-- {
		t := ts[k]
		if t.kind == tokPunct {
			if t.f == "." && k > 0 && ts[k-1].e == t.s && t.e == ts[k+1].s {
				continue // "clause 10.4"
			}
			switch t.f {
			case ".", ";", "!", "?", ":", "…":
				return false // another sentence or clause
			}
			continue
		}
		switch t.f {
		case "following":
			// "the following addendum …:", "the following:"
			if k == 0 || ts[k-1].f != "the" {
				return false
			}
			return k == n-2 || nounWithin(ts[k+1:n-1], 3)
		case "suivant", "suivante", "suivants", "suivantes":
			// « la déclaration suivante : », « le message officiel suivant sur son blog : »
			return nounWithin(reversed(ts[max(k-2, 0):k]), 2)
		case "suit":
			// « ce qui suit : », « comme suit : »
			return k == n-2 && (k >= 2 && ts[k-1].f == "qui" && ts[k-2].f == "ce" || k >= 1 && ts[k-1].f == "comme")
		case "follows":
			return k == n-2 && k >= 1 && ts[k-1].f == "as" // "as follows:"
		case "termes":
			return k == n-2 && k >= 2 && ts[k-1].f == "ces" && ts[k-2].f == "en" // « en ces termes : »
		}
	}
	return false
}

// nounWithin reports whether one of the first n words of ts is a
// statement noun.
func nounWithin(ts []tok, n int) bool {
	for i := 0; i < len(ts) && i < n; i++ {
		if ts[i].kind != tokWord {
			return false
		}
		if statementNouns[ts[i].f] {
			return true
		}
	}
	return false
}

// reversed is ts backwards, for reading the words before a word nearest
// first.
func reversed(ts []tok) []tok {
	out := make([]tok, len(ts))
	for i, t := range ts {
		out[len(ts)-1-i] = t
	}
	return out
}

// introVendor is the speaker of a statement announced by a sentence whose
// subject is no name ("Les conditions d'Altocumulus comportent désormais ce
// qui suit :"): the one vendor the sentence names, provided it names
// nobody and nothing else that could have written the words ("Analysts at
// Forrester published the following note about Nimbus:" is Forrester's).
func (v *view) introVendor(ts []tok) (speaker, bool) {
	if len(ts) == 0 {
		return speaker{}, false
	}
	s, e := ts[0].s, ts[len(ts)-1].e
	var first vendorSpan
	for _, m := range v.x.vspans {
		if m.start < s || m.end > e {
			continue
		}
		if first.id == "" {
			first = m
		} else if m.id != first.id {
			return speaker{}, false
		}
	}
	if first.id == "" {
		return speaker{}, false
	}
	for _, m := range v.mentions {
		if m.pos >= s && m.pos < e {
			return speaker{}, false
		}
	}
	for i, t := range ts {
		if t.kind != tokWord || !t.cap || i == 0 || ts[i-1].f == ":" || v.isVendorTok(t) || capStopwords[t.f] || timeWords[t.f] {
			continue
		}
		return speaker{}, false // another name: perhaps the author
	}
	return speaker{name: v.x.text[first.start:first.end], vendor: first.id, ev: [2]int{s, e}}, true
}
