-- The sponsorship (mécénat) pipeline: one case per organisation and year,
-- and the counterparts promised to the sponsor in its convention
-- (receipts-law R4.12). Cases are never deleted, only declined.

CREATE TABLE sponsorship_case (
	id                INTEGER PRIMARY KEY,
	organisation_id   INTEGER NOT NULL REFERENCES contact (id),
	year              INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	stage             TEXT NOT NULL CHECK (stage IN ('prospect', 'contacted', 'meeting',
	                      'proposal_sent', 'agreed', 'renewed', 'declined')),
	expected_cents    INTEGER NOT NULL DEFAULT 0 CHECK (expected_cents >= 0),
	probability       INTEGER NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
	next_action       TEXT NOT NULL DEFAULT '',
	next_action_date  TEXT NOT NULL DEFAULT ''
	                      CHECK (next_action_date = '' OR date(next_action_date) IS next_action_date),
	convention_start  TEXT NOT NULL DEFAULT ''
	                      CHECK (convention_start = '' OR date(convention_start) IS convention_start),
	convention_end    TEXT NOT NULL DEFAULT ''
	                      CHECK (convention_end = '' OR date(convention_end) IS convention_end),
	notes             TEXT NOT NULL DEFAULT '',
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL,
	CHECK (convention_start = '' OR convention_end = '' OR convention_end >= convention_start),
	UNIQUE (organisation_id, year)
) STRICT;
CREATE INDEX sponsorship_case_year ON sponsorship_case (year, stage);
CREATE INDEX sponsorship_case_next_action ON sponsorship_case (next_action_date) WHERE next_action_date <> '';
CREATE INDEX sponsorship_case_convention_end ON sponsorship_case (convention_end) WHERE convention_end <> '';

-- A counterpart is promised once recorded; delivered_on is set when it is
-- given.
CREATE TABLE counterpart (
	id            INTEGER PRIMARY KEY,
	case_id       INTEGER NOT NULL REFERENCES sponsorship_case (id) ON DELETE CASCADE,
	item          TEXT NOT NULL CHECK (item <> ''),
	value_cents   INTEGER NOT NULL CHECK (value_cents >= 0),
	delivered     INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
	delivered_on  TEXT NOT NULL DEFAULT ''
	                  CHECK (delivered_on = '' OR date(delivered_on) IS delivered_on),
	created_at    TEXT NOT NULL,
	CHECK (delivered = 1 OR delivered_on = '')
) STRICT;
CREATE INDEX counterpart_case ON counterpart (case_id);
