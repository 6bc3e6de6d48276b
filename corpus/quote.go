package corpus

// Quote is one quotation found in an article: the words, who said them, for
// which vendor, and what stance they take. Its JSON shape is the contract's.
type Quote struct {
	Text         string           `json:"text"`
	Speaker      string           `json:"speaker"`
	SpeakerTitle string           `json:"speaker_title,omitempty"`
	Vendor       string           `json:"vendor"`
	Labels       []Label          `json:"labels"`
	Cues         map[Label]string `json:"cues"`
	// Topics are what the quotation is about (none, one or several), in
	// the contract's order, labelled by the same model as Labels.
	Topics      []Topic     `json:"topics"`
	Attribution Attribution `json:"attribution"`
	Lang        string      `json:"lang"`
	// Start and End are byte offsets of the quoted words in Article.Text
	// (End exclusive), marks excluded. For a quotation interrupted by its
	// attribution or running over paragraphs they span from its first word
	// to its last, the attribution and reopening marks included; Text then
	// joins the parts with a single space.
	Start int `json:"start"`
	End   int `json:"end"`
}

// Attribution says which rule named the speaker and on what words, so that
// an answer can explain itself. Rule is empty when no speaker was found.
type Attribution struct {
	Rule     string `json:"rule"`
	Evidence string `json:"evidence"`
}
