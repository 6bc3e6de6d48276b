package corpus

// Problem is an article file that could not be used, with the reason in
// words a user can act on. It is an error so that it can travel as one.
type Problem struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

func (p *Problem) Error() string { return p.Path + ": " + p.Reason }
