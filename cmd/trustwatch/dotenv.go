package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/joho/godotenv"
)

// dotenv is the .env file run reads settings from, under the real
// environment: main passes the working folder's; tests pass their own, or
// none, so that no test reads a real .env.
type dotenv struct {
	path     string
	readFile func(name string) ([]byte, error)
}

// overlay returns getenv over the file's settings: a variable the real
// environment sets (not empty) wins. A missing file is fine; one that
// cannot be read or parsed is a usage error naming the file and the line,
// never showing the line, which may hold a token.
func (d dotenv) overlay(getenv func(string) string) (func(string) string, error) {
	data, err := d.readFile(d.path)
	if errors.Is(err, fs.ErrNotExist) {
		return getenv, nil
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, usageErr("read %s: %v", d.path, err)
	}
	vals, err := godotenv.UnmarshalBytes(data)
	if err != nil {
		return nil, usageErr("%s line %d: %s: write it as NAME=value, or remove it", d.path, badLine(data), dotenvReason(err))
	}
	return func(k string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return vals[k]
	}, nil
}

// badLine finds the line of data that godotenv cannot parse: the line
// after the longest run of whole lines that it can (a value in quotes may
// span lines, so a line cannot be judged alone).
func badLine(data []byte) int {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	lines := bytes.SplitAfter(data, []byte("\n"))
	for k := len(lines) - 1; k > 0; k-- {
		if _, err := godotenv.UnmarshalBytes(bytes.Join(lines[:k], nil)); err == nil {
			return k + 1
		}
	}
	return 1
}

// godotenv's messages quote the rest of the file; only their gist is
// shown.
var unexpectedChar = regexp.MustCompile(`^unexpected character ("(?:[^"\\]|\\.)*") in variable name`)

// dotenvReason is what godotenv found wrong, without the file's text.
func dotenvReason(err error) string {
	msg := err.Error()
	switch {
	case unexpectedChar.MatchString(msg):
		return "unexpected character " + unexpectedChar.FindStringSubmatch(msg)[1] + " in a variable name"
	case strings.HasPrefix(msg, "unterminated quoted value"):
		return "a quoted value is not closed"
	default:
		return fmt.Sprintf("not a setting (%s)", strings.SplitN(msg, " near ", 2)[0])
	}
}
