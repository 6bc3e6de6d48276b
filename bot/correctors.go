package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Who may correct quotations: every member when Config.Correctors is
// empty, else the users it names and the members of the user groups it
// names. A group's members are asked of Slack (usergroups.users.list,
// which needs the usergroups:read scope) and kept for groupTTL.

// groupTTL is how long a user group's members are trusted.
const groupTTL = 5 * time.Minute

// correctorID is a user (U…, W…) or user-group (S…) id.
var correctorID = regexp.MustCompile(`^[UWS][A-Z0-9]+$`)

// ParseCorrectors reads a comma-separated list of user and user-group
// ids, as TRUSTWATCH_CORRECTORS gives it. An empty list is every member.
func ParseCorrectors(s string) ([]string, error) {
	var out, bad []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
		case correctorID.MatchString(f):
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		default:
			bad = append(bad, fmt.Sprintf("%q", f))
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s not a Slack user id (U…, W…) or user-group id (S…)", strings.Join(bad, ", "))
	}
	return out, nil
}

// correctors decides who may correct.
type correctors struct {
	users  []string
	groups []string
	// members asks Slack for a group's members.
	members func(ctx context.Context, group string) ([]string, error)
	now     func() time.Time

	mu    sync.Mutex
	cache map[string]groupMembers
}

type groupMembers struct {
	users []string
	at    time.Time
}

func newCorrectors(ids []string, members func(context.Context, string) ([]string, error)) *correctors {
	c := &correctors{members: members, now: time.Now, cache: map[string]groupMembers{}}
	for _, id := range ids {
		if strings.HasPrefix(id, "S") {
			c.groups = append(c.groups, id)
		} else {
			c.users = append(c.users, id)
		}
	}
	return c
}

// allowed reports whether user may correct. An error means a group could
// not be read, and user is not known to be allowed.
func (c *correctors) allowed(ctx context.Context, user string) (bool, error) {
	if c == nil || len(c.users)+len(c.groups) == 0 {
		return true, nil
	}
	if slices.Contains(c.users, user) {
		return true, nil
	}
	var errs []error
	for _, g := range c.groups {
		users, err := c.group(ctx, g)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if slices.Contains(users, user) {
			return true, nil
		}
	}
	if len(errs) > 0 {
		return false, errs[0]
	}
	return false, nil
}

func (c *correctors) group(ctx context.Context, g string) ([]string, error) {
	c.mu.Lock()
	m, ok := c.cache[g]
	c.mu.Unlock()
	if ok && c.now().Sub(m.at) < groupTTL {
		return m.users, nil
	}
	users, err := c.members(ctx, g)
	if err != nil {
		return nil, fmt.Errorf("read the members of user group %s: %w", g, err)
	}
	c.mu.Lock()
	c.cache[g] = groupMembers{users: users, at: c.now()}
	c.mu.Unlock()
	return users, nil
}

// groupMembers asks Slack for a user group's members.
func (b *Bot) groupMembers(ctx context.Context, group string) ([]string, error) {
	var users []string
	err := b.post.retry(ctx, "usergroups.users.list", func() error {
		var err error
		users, err = b.api.GetUserGroupMembersContext(ctx, group)
		return err
	})
	return users, err
}
