package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate"
)

func init() {
	register("state", "manage the bot's state: migrate-from-bolt FILE copies a state file into PostgreSQL", cmdState)
}

const stateDoc = `
migrate-from-bolt FILE copies the state file of a single trustwatch
process (trustwatch-state.db, beside the index folder) into the
PostgreSQL database of TRUSTWATCH_DATABASE_URL, for replicas to share:
every channel subscription, and the last digest posted to each
subscribed channel and to TRUSTWATCH_DIGEST_CHANNEL, so that the next
digest starts where that one ended and today's slot is not posted again.
It can be run again: what the database holds already is kept.`

// checkDatabaseURL says what is wrong with TRUSTWATCH_DATABASE_URL, never
// repeating it: it may hold a password.
func checkDatabaseURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return errors.New("TRUSTWATCH_DATABASE_URL is not a PostgreSQL URL: set it to postgres://user:password@host:5432/database, or leave it unset for a local state file")
	}
	return nil
}

// openState opens the state the configuration names: PostgreSQL when
// TRUSTWATCH_DATABASE_URL is set, else the bbolt file beside the index.
// close releases it. log gets the store's background warnings.
func (c config) openState(ctx context.Context, log *slog.Logger) (st bot.State, close func(), err error) {
	if c.DatabaseURL == "" {
		dir, err := c.stateDir()
		if err != nil {
			return nil, nil, err
		}
		return bot.NewStore(filepath.Join(dir, bot.StateFile), bot.StoreOptions{}), func() {}, nil
	}
	pg, err := pgstate.Open(ctx, c.DatabaseURL, pgstate.Options{Logger: log})
	if err != nil {
		// One sentence naming the host; pgstate never shows the password.
		return nil, nil, err
	}
	return pg, pg.Close, nil
}

func cmdState(ctx context.Context, a *app, args []string) error {
	fl := a.newFlags("state", "migrate-from-bolt FILE", stateDoc)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 2 || fl.Arg(0) != "migrate-from-bolt" {
		return usageErr("state: want migrate-from-bolt FILE (trustwatch state --help)")
	}
	file := fl.Arg(1)
	if a.cfg.DatabaseURL == "" {
		return usageErr("TRUSTWATCH_DATABASE_URL is not set: set it to the PostgreSQL database to copy %s into", file)
	}
	if _, err := os.Stat(file); err != nil {
		return usageErr("state migrate-from-bolt: %v", err)
	}
	pg, err := pgstate.Open(ctx, a.cfg.DatabaseURL, pgstate.Options{})
	if err != nil {
		return err
	}
	defer pg.Close()
	var channels []string
	if a.cfg.DigestChannel != "" {
		channels = append(channels, a.cfg.DigestChannel)
	}
	n, err := pgstate.ImportBolt(ctx, pg, bot.NewStore(file, bot.StoreOptions{}), channels...)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "copied %d subscriptions and the last digest of %d channels from %s into PostgreSQL\n", n.Subscriptions, n.Posted, file)
	return nil
}
