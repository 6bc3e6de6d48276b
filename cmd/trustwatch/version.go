package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

func init() {
	register("version", "print version and build information", cmdVersion)
}

// version is set at build time with -ldflags "-X main.version=…"; else the
// module version or VCS revision from the build information is used.
var version = ""

func cmdVersion(ctx context.Context, a *app, args []string) error {
	fs := a.newFlags("version", "", "Prints trustwatch's version and build information.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	v, rev, modified := version, "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	fmt.Fprintf(a.stdout, "trustwatch %s", v)
	if rev != "" {
		fmt.Fprintf(a.stdout, " %.12s", rev)
		if modified {
			fmt.Fprint(a.stdout, "+dirty")
		}
	}
	fmt.Fprintf(a.stdout, " %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
