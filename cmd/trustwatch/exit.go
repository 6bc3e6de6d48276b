package main

import (
	"errors"
	"fmt"
)

// exitError carries the process's exit status with the message for the
// user. An empty message means the command already said what went wrong.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageErr is a usage or configuration mistake: exit status 2.
func usageErr(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
}

// errReported means the command printed its own problems and failed:
// exit status 1 with nothing more said.
var errReported = &exitError{code: 1}

// errHelp is `COMMAND --help`: usage was printed, the run succeeded.
var errHelp = &exitError{code: 0}

func exitCode(err error) int {
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return 1
}
