package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
)

// app is what every command is handed: the process's streams, its
// configuration and its logger.
type app struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	cfg    config
	// cfgErr is the configuration's problems; see ready.
	cfgErr error
	log    *slog.Logger
	// hooks are what serve reports to tests (run's options).
	hooks hooks
}

// command is one subcommand of trustwatch.
type command struct {
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

// commands is filled by each command's file in its init, so that adding a
// command touches only its own file.
var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, a *app, args []string) error) {
	commands[name] = command{summary: summary, run: run}
}

// run is the whole program, with its inputs made explicit so that tests
// can call it. getenv is the real environment; opts are a .env file under
// it (main passes the working folder's) and, from tests, the hooks they
// wait on.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, opts ...option) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if len(args) == 0 {
		usage(stderr)
		return usageErr("no command given")
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			if _, ok := commands[rest[0]]; ok {
				return run(ctx, []string{rest[0], "--help"}, getenv, stdout, stderr)
			}
		}
		usage(stdout)
		return nil
	}
	cmd, ok := commands[name]
	if !ok {
		usage(stderr)
		return usageErr("unknown command %q", name)
	}
	var o options
	for _, opt := range opts {
		opt.applyTo(&o)
	}
	help := isHelp(rest) // help needs no settings
	for _, e := range o.envs {
		if help {
			break
		}
		var err error
		if getenv, err = e.overlay(getenv); err != nil {
			return err
		}
	}
	cfg, cfgErr := loadConfig(getenv)
	a := &app{getenv: getenv, stdout: stdout, stderr: stderr, cfg: cfg, cfgErr: cfgErr, log: newLogger(stderr, cfg.LogLevel), hooks: o.hooks}
	if !help && !checksOwnNeeds(name) {
		if err := a.ready(); err != nil {
			return err
		}
	}
	if !help && cfg.CPUProfile != "" {
		stop, err := startCPUProfile(cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if err := cmd.run(ctx, a, rest); err != errHelp {
		return err
	}
	return nil
}

// startCPUProfile writes the process's CPU profile to path until the
// returned function is called (TRUSTWATCH_CPUPROFILE).
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("TRUSTWATCH_CPUPROFILE=%q: %w", path, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("TRUSTWATCH_CPUPROFILE=%q: %w", path, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// checksOwnNeeds reports whether a command checks the configuration
// itself (app.ready), so that what it needs besides (tokens, a channel)
// is said on the same line as the configuration's problems; version reads
// none. run checks it for every other command before starting it.
func checksOwnNeeds(name string) bool {
	switch name {
	case "serve", "digest", "version":
		return true
	}
	return false
}

// isHelp reports whether a command's flags (the arguments before the
// first that is not a flag) ask for its help.
func isHelp(args []string) bool {
	for _, a := range args {
		switch {
		case a == "-h" || a == "-help" || a == "--help":
			return true
		case a == "--" || !strings.HasPrefix(a, "-"):
			return false
		}
	}
	return false
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "trustwatch answers questions on technology vendors' trust positions from what their executives said on the record.")
	fmt.Fprintln(w, "\nUsage: trustwatch COMMAND [flags] [arguments]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "  help      this list; `trustwatch COMMAND --help` tells more")
	fmt.Fprintln(w, "\nConfiguration comes from the environment and a .env file; see .env.example.")
}

// newFlags makes a command's flag set, printing usage to the app's stderr
// and returning errors instead of exiting.
func (a *app) newFlags(name, argsUsage, doc string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.Usage = func() {
		fmt.Fprintf(a.stderr, "Usage: trustwatch %s %s\n\n%s\n", name, argsUsage, strings.TrimSpace(doc))
		var has bool
		fs.VisitAll(func(*flag.Flag) { has = true })
		if has {
			fmt.Fprintln(a.stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args, turning -h into the command's usage and a clean
// exit, and any other flag error into a usage error of one line pointing
// at --help (the flag package would print it, then the whole usage, and
// run would print it again).
func parseFlags(fs *flag.FlagSet, args []string) error {
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = usage
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return errHelp
	}
	return usageErr("%s: %v (trustwatch %s --help lists the flags)", fs.Name(), err, fs.Name())
}
