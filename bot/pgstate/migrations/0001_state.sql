-- The bot's shared state: what replicas of one Slack app agree on.

-- Envelope and event ids already handled, until they expire.
CREATE TABLE seen_events (
	key        text PRIMARY KEY,
	expires_at timestamptz NOT NULL
);
CREATE INDEX seen_events_expiry ON seen_events (expires_at);

-- Digest slots claimed and done per channel (bot.SlotRecord); a claim
-- holds until lease_until, then another replica may take it over.
CREATE TABLE digest_slots (
	channel     text NOT NULL,
	slot        text NOT NULL,
	slot_time   timestamptz NOT NULL,
	owner       text NOT NULL,
	claimed_at  timestamptz NOT NULL,
	lease_until timestamptz NOT NULL,
	done_at     timestamptz,
	ts          text NOT NULL DEFAULT '',
	empty       boolean NOT NULL DEFAULT false,
	until       timestamptz,
	PRIMARY KEY (channel, slot)
);
CREATE INDEX digest_slots_time ON digest_slots (slot_time);

-- The last digest posted to each channel: the next one starts at until.
-- Kept when the slot's own record is pruned.
CREATE TABLE digest_last (
	channel    text PRIMARY KEY,
	slot       text NOT NULL,
	slot_time  timestamptz NOT NULL,
	owner      text NOT NULL,
	claimed_at timestamptz NOT NULL,
	done_at    timestamptz NOT NULL,
	ts         text NOT NULL,
	until      timestamptz NOT NULL
);

-- Channels subscribed to the digest, for some vendors or (none) all.
CREATE TABLE subscriptions (
	channel text PRIMARY KEY,
	vendors text[] NOT NULL DEFAULT '{}',
	by_user text NOT NULL DEFAULT '',
	since   timestamptz NOT NULL
);

-- Named leases, such as feed polling: one holder at a time until expiry.
CREATE TABLE leases (
	name        text PRIMARY KEY,
	owner       text NOT NULL,
	lease_until timestamptz NOT NULL
);

-- Work acknowledged but maybe not yet answered; another replica takes
-- over what is not done when its lease expires.
CREATE TABLE work (
	id          text PRIMARY KEY,
	kind        text NOT NULL,
	payload     bytea NOT NULL,
	owner       text NOT NULL,
	lease_until timestamptz NOT NULL,
	created_at  timestamptz NOT NULL,
	attempts    integer NOT NULL DEFAULT 1,
	done_at     timestamptz
);
CREATE INDEX work_due ON work (lease_until) WHERE done_at IS NULL;
