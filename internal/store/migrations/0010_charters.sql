-- Charters, and the indexes of the dashboard (internal/report).
--
-- Charters (chartes, internal/charter): a charter is a name and the
-- numbered versions of its text; a version never changes once saved, an
-- edit saves the next one. charter_issue records each document drawn from
-- a version for a contact, with the SHA-256 of the PDF, so that a paper
-- copy can be traced back to its text; charter_signature is the register
-- of who signed which version, and when.
--
-- The shipped templates are not inserted here: charter.Service installs
-- them the first time charters are used, from assets/templates/charters.
--
-- Issues and signatures belong to their contact (ON DELETE CASCADE): the
-- erasure of a person (GDPR) removes them, and a merge moves them.

CREATE TABLE charter (
	id            INTEGER PRIMARY KEY,
	-- Lower-case letters, digits and hyphens, as typed in commands.
	name          TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 40
	                  AND name NOT GLOB '*[^a-z0-9-]*' AND name NOT GLOB '-*'),
	-- The "# " line of the latest version, for lists.
	title         TEXT NOT NULL CHECK (title <> ''),
	-- The contact tag of the people who must sign the latest version
	-- (compared without case or accents), or '' for its previous signers.
	audience_tag  TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE charter_version (
	charter_id  INTEGER NOT NULL REFERENCES charter (id),
	version     INTEGER NOT NULL CHECK (version >= 1),
	body        TEXT NOT NULL CHECK (body <> ''),
	note        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	PRIMARY KEY (charter_id, version)
) STRICT;

-- Versions are numbered 1, 2, 3… without gap, and never change: a
-- signature or an issued document names a version for good.
CREATE TRIGGER charter_version_next BEFORE INSERT ON charter_version
WHEN NEW.version <> coalesce((SELECT max(version) FROM charter_version WHERE charter_id = NEW.charter_id), 0) + 1
BEGIN
	SELECT RAISE(ABORT, 'charter versions are numbered 1, 2, 3 without gap');
END;
CREATE TRIGGER charter_version_immutable BEFORE UPDATE ON charter_version
BEGIN
	SELECT RAISE(ABORT, 'a charter version never changes: save a new one');
END;
CREATE TRIGGER charter_version_no_delete BEFORE DELETE ON charter_version
BEGIN
	SELECT RAISE(ABORT, 'a charter version is never deleted');
END;

CREATE TABLE charter_issue (
	id          INTEGER PRIMARY KEY,
	charter_id  INTEGER NOT NULL,
	version     INTEGER NOT NULL,
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	-- The date printed on the document.
	issued_on   TEXT NOT NULL CHECK (date(issued_on) IS issued_on),
	sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
	created_at  TEXT NOT NULL,
	FOREIGN KEY (charter_id, version) REFERENCES charter_version (charter_id, version)
) STRICT;
CREATE INDEX charter_issue_contact ON charter_issue (contact_id, charter_id, version);

CREATE TABLE charter_signature (
	id          INTEGER PRIMARY KEY,
	charter_id  INTEGER NOT NULL,
	version     INTEGER NOT NULL,
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	signed_on   TEXT NOT NULL CHECK (date(signed_on) IS signed_on),
	-- The signed document: a scan, or the document issued; '' if neither.
	sha256      TEXT NOT NULL DEFAULT '' CHECK (sha256 = '' OR length(sha256) = 64),
	created_at  TEXT NOT NULL,
	UNIQUE (charter_id, version, contact_id),
	FOREIGN KEY (charter_id, version) REFERENCES charter_version (charter_id, version)
) STRICT;
CREATE INDEX charter_signature_contact ON charter_signature (contact_id);
