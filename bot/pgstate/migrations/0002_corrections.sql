-- Corrections people made in Slack (bot.Correction), keyed by the
-- quotation's stable identity (index.QuoteRef), and the thumbs up and
-- down on answers, one vote per person per answer.

CREATE TABLE corrections (
	id            text PRIMARY KEY,
	quote         text NOT NULL,
	kind          text NOT NULL,
	speaker       text NOT NULL DEFAULT '',
	speaker_title text NOT NULL DEFAULT '',
	vendor        text NOT NULL DEFAULT '',
	labels        text[] NOT NULL DEFAULT '{}',
	by_user       text NOT NULL,
	at            timestamptz NOT NULL,
	undone_by     text NOT NULL DEFAULT '',
	undone_at     timestamptz,
	was           jsonb NOT NULL
);
CREATE INDEX corrections_at ON corrections (at);

CREATE TABLE answer_votes (
	answer   text NOT NULL,
	user_id  text NOT NULL,
	question text NOT NULL DEFAULT '',
	up       boolean NOT NULL,
	at       timestamptz NOT NULL,
	PRIMARY KEY (answer, user_id)
);
