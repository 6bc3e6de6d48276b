package corpus

// Problem is an article file that could not be used, with the reason in
// words a user can act on. It is an error so that it can travel as one.
type Problem struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`

	err error // the cause, if any, for errors.Is (ErrOutside, ErrNotRegular, …)
}

func (p *Problem) Error() string { return p.Path + ": " + p.Reason }

// Unwrap is the cause of the problem, so that errors.Is(p, ErrOutside) and
// the like work; nil when there is none.
func (p *Problem) Unwrap() error { return p.err }
