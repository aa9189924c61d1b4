-- Tax receipts (reçus fiscaux, receipts-law.md §3): the numbering
-- counters, the issued receipts with their snapshots and PDF, the gifts
-- each receipt covers, and the log of duplicates delivered.
--
-- The database itself enforces what the law and a control (art. L. 14 A
-- LPF) rely on, so that no code path, present or future, can break it:
--   * numbers come from receipt_counter, one series per year of issue: a
--     receipt can only take its year's next number, and inserting it moves
--     the counter on by one. The series has no hole and no number is ever
--     reused (R3.1, R3.2). A series may start at a number set once, before
--     its first receipt, for associations coming from paper receipts;
--   * an issued receipt never changes (R3.3). Only its cancellation is
--     recorded, once and for good (date, reason, the « ANNULÉ » document),
--     with the number of the receipt that replaces it (R3.4, R3.5);
--   * a gift is on at most one valid receipt (R3.7): the partial unique
--     index one_valid_receipt_per_gift; the lines of a cancelled receipt
--     are switched off (active = 0) by the cancellation itself;
--   * a gift on a valid receipt cannot be changed in anything the receipt
--     shows, and a receipted gift cannot be deleted.
--
-- One exception, on purpose: donor_id (a link, not printed data: the
-- printed identity is donor_snapshot) may move to another contact, so that
-- merging two records of the same person keeps working. "bureau check"
-- verifies that a receipt's gifts still belong to its donor.
--
-- Large columns (pdf, cancelled_pdf) come last in receipt so that lists,
-- which never read them, do not walk their overflow pages.

CREATE TABLE receipt_counter (
	year           INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
	first_seq      INTEGER NOT NULL DEFAULT 1 CHECK (first_seq >= 1),
	next_seq       INTEGER NOT NULL,
	first_seq_set  INTEGER NOT NULL DEFAULT 0 CHECK (first_seq_set IN (0, 1)),
	CHECK (next_seq >= first_seq)
) STRICT;

-- A year-end bulk issue (receipts issue --year). A run stopped before
-- its end (killed, cancelled) is carried on by the next one for the same
-- year and kind, so that the folder it writes holds all of its receipts.
CREATE TABLE receipt_run (
	id           INTEGER PRIMARY KEY,
	year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
	annual       INTEGER NOT NULL CHECK (annual IN (0, 1)),
	started_at   TEXT NOT NULL,
	finished_at  TEXT
) STRICT;
CREATE UNIQUE INDEX receipt_run_open ON receipt_run (year, annual) WHERE finished_at IS NULL;

CREATE TABLE receipt (
	id                INTEGER PRIMARY KEY,
	number            TEXT NOT NULL UNIQUE,
	year              INTEGER NOT NULL REFERENCES receipt_counter (year),
	seq               INTEGER NOT NULL CHECK (seq >= 1),
	issued_on         TEXT NOT NULL CHECK (date(issued_on) IS issued_on),
	form_code         TEXT NOT NULL,
	form_cerfa        TEXT NOT NULL CHECK (form_cerfa <> ''),
	form_version      TEXT NOT NULL CHECK (date(form_version) IS form_version),
	donor_id          INTEGER NOT NULL REFERENCES contact (id),
	donor_kind        TEXT NOT NULL CHECK (donor_kind IN ('individual', 'company')),
	-- The printed name, for lists ("DUPONT Marie", "Boulangerie Martin").
	donor_name        TEXT NOT NULL CHECK (donor_name <> ''),
	donor_snapshot    TEXT NOT NULL CHECK (json_valid(donor_snapshot)),
	issuer_snapshot   TEXT NOT NULL CHECK (json_valid(issuer_snapshot)),
	total_cents       INTEGER NOT NULL CHECK (total_cents > 0),
	line_count        INTEGER NOT NULL CHECK (line_count >= 1),
	annual            INTEGER NOT NULL CHECK (annual IN (0, 1)),
	-- The calendar year of the gifts covered (all lines of a receipt fall
	-- in one year, R4.2); period_from/period_to: company receipts.
	period_year       INTEGER NOT NULL CHECK (period_year BETWEEN 2000 AND 2999),
	period_from       TEXT NOT NULL DEFAULT '' CHECK (period_from = '' OR date(period_from) IS period_from),
	period_to         TEXT NOT NULL DEFAULT '' CHECK (period_to = '' OR date(period_to) IS period_to),
	article_200       INTEGER NOT NULL CHECK (article_200 IN (0, 1)),
	article_978       INTEGER NOT NULL CHECK (article_978 IN (0, 1)),
	-- « Annule et remplace le reçu n° … »
	replaces          TEXT REFERENCES receipt (number),
	spelling          TEXT NOT NULL CHECK (spelling IN ('traditionnelle', '1990')),
	sha256            TEXT NOT NULL CHECK (length(sha256) = 64),
	status            TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'cancelled')),
	cancelled_on      TEXT,
	cancel_reason     TEXT,
	-- The replacement is inserted after the old receipt is cancelled, in
	-- the same transaction: the reference is checked at commit.
	replaced_by       TEXT REFERENCES receipt (number) DEFERRABLE INITIALLY DEFERRED,
	cancelled_sha256  TEXT,
	run_id            INTEGER REFERENCES receipt_run (id),
	created_at        TEXT NOT NULL,
	pdf               BLOB NOT NULL CHECK (length(pdf) > 0),
	cancelled_pdf     BLOB,
	UNIQUE (year, seq),
	CHECK (number = printf('%04d-%05d', year, seq)),
	CHECK (year = CAST(substr(issued_on, 1, 4) AS INTEGER)),
	CHECK ((donor_kind = 'individual' AND form_code = '2041-RD' AND (article_200 = 1 OR article_978 = 1))
	    OR (donor_kind = 'company' AND form_code = '2041-MEC-SD' AND article_200 = 0 AND article_978 = 0)),
	CHECK (period_from = '' AND period_to = '' OR period_from <> '' AND period_to >= period_from),
	CHECK (replaces IS NULL OR replaces <> number),
	CHECK ((status = 'valid' AND cancelled_on IS NULL AND cancel_reason IS NULL AND replaced_by IS NULL
	        AND cancelled_pdf IS NULL AND cancelled_sha256 IS NULL)
	    OR (status = 'cancelled' AND date(cancelled_on) IS cancelled_on AND cancelled_on >= issued_on
	        AND trim(coalesce(cancel_reason, '')) <> '' AND length(cancelled_pdf) > 0
	        AND length(cancelled_sha256) = 64))
) STRICT;
CREATE INDEX receipt_donor ON receipt (donor_id);
CREATE INDEX receipt_period ON receipt (period_year, status);
CREATE INDEX receipt_issued ON receipt (issued_on);
CREATE INDEX receipt_run_receipts ON receipt (run_id) WHERE run_id IS NOT NULL;

-- One gift covered by a receipt, as printed: the date the gift counts
-- for (receipts.date_rule) and the amount receipted (net of a fee's
-- counterpart).
CREATE TABLE receipt_line (
	receipt_id    INTEGER NOT NULL REFERENCES receipt (id),
	gift_id       INTEGER NOT NULL REFERENCES gift (id),
	date          TEXT NOT NULL CHECK (date(date) IS date),
	amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
	method        TEXT NOT NULL,
	nature        TEXT NOT NULL,
	forme         TEXT NOT NULL,
	description   TEXT NOT NULL DEFAULT '',
	valuation     TEXT NOT NULL DEFAULT '',
	-- 1 while the receipt is valid; the cancellation sets it to 0.
	active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	PRIMARY KEY (receipt_id, gift_id)
) STRICT;
CREATE UNIQUE INDEX one_valid_receipt_per_gift ON receipt_line (gift_id) WHERE active = 1;
CREATE INDEX receipt_line_gift ON receipt_line (gift_id);
CREATE INDEX receipt_line_date ON receipt_line (date);

-- The images printed on receipts (signature, logo), stored once and
-- named by their SHA-256 in issuer_snapshot, so that a receipt can be
-- drawn again exactly as issued (duplicate, « ANNULÉ » version) without
-- copying the images into every snapshot. Rows never change.
CREATE TABLE receipt_asset (
	sha256  TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	mime    TEXT NOT NULL,
	data    BLOB NOT NULL CHECK (length(data) > 0)
) STRICT;

-- Each duplicate delivered: same number, « DUPLICATA délivré le … » (R3.6).
CREATE TABLE receipt_duplicate_log (
	id            INTEGER PRIMARY KEY,
	receipt_id    INTEGER NOT NULL REFERENCES receipt (id),
	delivered_on  TEXT NOT NULL CHECK (date(delivered_on) IS delivered_on),
	created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX receipt_duplicate_log_receipt ON receipt_duplicate_log (receipt_id);

-- Numbering -----------------------------------------------------------

-- A series starts at 1, or at the first number set for it, before any
-- receipt of its year.
CREATE TRIGGER receipt_counter_insert BEFORE INSERT ON receipt_counter
WHEN NEW.next_seq IS NOT NEW.first_seq
  OR (NEW.first_seq <> 1 AND NEW.first_seq_set = 0)
  OR EXISTS (SELECT 1 FROM receipt WHERE year = NEW.year)
BEGIN
	SELECT RAISE(ABORT, 'receipt_counter: a series starts at its first number, before any receipt');
END;

-- The counter moves only by one, when a receipt takes its number; or its
-- first number is set, once, while the year has no receipt.
CREATE TRIGGER receipt_counter_update BEFORE UPDATE ON receipt_counter
WHEN NOT (
	(NEW.year IS OLD.year AND NEW.first_seq IS OLD.first_seq AND NEW.first_seq_set IS OLD.first_seq_set
	 AND NEW.next_seq IS OLD.next_seq + 1
	 AND EXISTS (SELECT 1 FROM receipt WHERE year = OLD.year AND seq = OLD.next_seq))
	OR
	(NEW.year IS OLD.year AND OLD.first_seq_set = 0 AND NEW.first_seq_set = 1
	 AND OLD.next_seq = OLD.first_seq AND NEW.next_seq IS NEW.first_seq
	 AND NOT EXISTS (SELECT 1 FROM receipt WHERE year = OLD.year))
)
BEGIN
	SELECT RAISE(ABORT, 'receipt_counter: numbers are never skipped nor reused; the first number is set once, before any receipt');
END;

CREATE TRIGGER receipt_counter_no_delete BEFORE DELETE ON receipt_counter
BEGIN
	SELECT RAISE(ABORT, 'receipt_counter: a numbering series is never deleted');
END;

-- A receipt is born valid, with its year's next number; a replacement
-- names a receipt already cancelled in its favour.
CREATE TRIGGER receipt_insert BEFORE INSERT ON receipt
WHEN NEW.seq IS NOT (SELECT next_seq FROM receipt_counter WHERE year = NEW.year)
  OR NEW.status IS NOT 'valid'
  OR (NEW.replaces IS NOT NULL
      AND (SELECT replaced_by FROM receipt WHERE number = NEW.replaces) IS NOT NEW.number)
BEGIN
	SELECT RAISE(ABORT, 'receipt: a receipt takes the next number of its year and starts valid');
END;

CREATE TRIGGER receipt_take_number AFTER INSERT ON receipt
BEGIN
	UPDATE receipt_counter SET next_seq = next_seq + 1 WHERE year = NEW.year;
END;

-- Immutability ----------------------------------------------------------

-- Allowed: the cancellation (valid → cancelled, once), naming the
-- replacement of a receipt cancelled without one (its « ANNULÉ » document
-- is redrawn to say so), and moving donor_id (contact merge).
CREATE TRIGGER receipt_immutable BEFORE UPDATE ON receipt
WHEN NOT (
	NEW.id IS OLD.id AND NEW.number IS OLD.number AND NEW.year IS OLD.year AND NEW.seq IS OLD.seq
	AND NEW.issued_on IS OLD.issued_on AND NEW.form_code IS OLD.form_code AND NEW.form_cerfa IS OLD.form_cerfa
	AND NEW.form_version IS OLD.form_version AND NEW.donor_kind IS OLD.donor_kind
	AND NEW.donor_name IS OLD.donor_name AND NEW.donor_snapshot IS OLD.donor_snapshot
	AND NEW.issuer_snapshot IS OLD.issuer_snapshot AND NEW.total_cents IS OLD.total_cents
	AND NEW.line_count IS OLD.line_count AND NEW.annual IS OLD.annual AND NEW.period_year IS OLD.period_year
	AND NEW.period_from IS OLD.period_from AND NEW.period_to IS OLD.period_to
	AND NEW.article_200 IS OLD.article_200 AND NEW.article_978 IS OLD.article_978
	AND NEW.replaces IS OLD.replaces AND NEW.spelling IS OLD.spelling AND NEW.sha256 IS OLD.sha256
	AND NEW.run_id IS OLD.run_id AND NEW.created_at IS OLD.created_at AND NEW.pdf IS OLD.pdf
	AND (
		(NEW.status IS OLD.status AND NEW.cancelled_on IS OLD.cancelled_on
		 AND NEW.cancel_reason IS OLD.cancel_reason AND NEW.replaced_by IS OLD.replaced_by
		 AND NEW.cancelled_sha256 IS OLD.cancelled_sha256 AND NEW.cancelled_pdf IS OLD.cancelled_pdf)
		OR (OLD.status = 'valid' AND NEW.status = 'cancelled')
		OR (OLD.status = 'cancelled' AND NEW.status = 'cancelled' AND OLD.replaced_by IS NULL
		    AND NEW.replaced_by IS NOT NULL AND NEW.cancelled_on IS OLD.cancelled_on
		    AND NEW.cancel_reason IS OLD.cancel_reason)
	)
)
BEGIN
	SELECT RAISE(ABORT, 'receipt: an issued receipt never changes; it can only be cancelled');
END;

CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
BEGIN
	SELECT RAISE(ABORT, 'receipt: an issued receipt is never deleted; cancel it');
END;

-- The cancellation frees the gifts of the receipt.
CREATE TRIGGER receipt_cancel_lines AFTER UPDATE OF status ON receipt
WHEN OLD.status = 'valid' AND NEW.status = 'cancelled'
BEGIN
	UPDATE receipt_line SET active = 0 WHERE receipt_id = NEW.id;
END;

-- Lines are written with their receipt, up to its line_count, for gifts
-- of its donor.
CREATE TRIGGER receipt_line_insert BEFORE INSERT ON receipt_line
WHEN NEW.active IS NOT 1
  OR (SELECT status FROM receipt WHERE id = NEW.receipt_id) IS NOT 'valid'
  OR (SELECT count(*) FROM receipt_line WHERE receipt_id = NEW.receipt_id)
     >= (SELECT line_count FROM receipt WHERE id = NEW.receipt_id)
  OR (SELECT donor_id FROM gift WHERE id = NEW.gift_id)
     IS NOT (SELECT donor_id FROM receipt WHERE id = NEW.receipt_id)
BEGIN
	SELECT RAISE(ABORT, 'receipt_line: lines are written with their receipt, for gifts of its donor');
END;

CREATE TRIGGER receipt_line_immutable BEFORE UPDATE ON receipt_line
WHEN NOT (
	NEW.receipt_id IS OLD.receipt_id AND NEW.gift_id IS OLD.gift_id AND NEW.date IS OLD.date
	AND NEW.amount_cents IS OLD.amount_cents AND NEW.method IS OLD.method AND NEW.nature IS OLD.nature
	AND NEW.forme IS OLD.forme AND NEW.description IS OLD.description AND NEW.valuation IS OLD.valuation
	AND OLD.active = 1 AND NEW.active = 0
	AND (SELECT status FROM receipt WHERE id = OLD.receipt_id) = 'cancelled'
)
BEGIN
	SELECT RAISE(ABORT, 'receipt_line: the lines of an issued receipt never change');
END;

CREATE TRIGGER receipt_line_no_delete BEFORE DELETE ON receipt_line
BEGIN
	SELECT RAISE(ABORT, 'receipt_line: the lines of an issued receipt are never deleted');
END;

CREATE TRIGGER receipt_asset_no_update BEFORE UPDATE ON receipt_asset
BEGIN
	SELECT RAISE(ABORT, 'receipt_asset: the images of issued receipts never change');
END;

CREATE TRIGGER receipt_asset_no_delete BEFORE DELETE ON receipt_asset
BEGIN
	SELECT RAISE(ABORT, 'receipt_asset: the images of issued receipts are kept');
END;

CREATE TRIGGER receipt_run_update BEFORE UPDATE ON receipt_run
WHEN NOT (NEW.id IS OLD.id AND NEW.year IS OLD.year AND NEW.annual IS OLD.annual
          AND NEW.started_at IS OLD.started_at AND OLD.finished_at IS NULL AND NEW.finished_at IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'receipt_run: a run is only marked finished, once');
END;

CREATE TRIGGER receipt_run_no_delete BEFORE DELETE ON receipt_run
BEGIN
	SELECT RAISE(ABORT, 'receipt_run: runs are kept');
END;

CREATE TRIGGER receipt_duplicate_log_no_update BEFORE UPDATE ON receipt_duplicate_log
BEGIN
	SELECT RAISE(ABORT, 'receipt_duplicate_log is append-only');
END;

CREATE TRIGGER receipt_duplicate_log_no_delete BEFORE DELETE ON receipt_duplicate_log
BEGIN
	SELECT RAISE(ABORT, 'receipt_duplicate_log is append-only');
END;

-- A gift on a valid receipt keeps what the receipt shows; a gift that was
-- ever receipted is kept (the cancelled receipt still names it).
CREATE TRIGGER gift_receipted_update BEFORE UPDATE ON gift
WHEN EXISTS (SELECT 1 FROM receipt_line WHERE gift_id = OLD.id AND active = 1)
 AND (NEW.id IS NOT OLD.id OR NEW.amount_cents IS NOT OLD.amount_cents
      OR NEW.date_received IS NOT OLD.date_received OR NEW.date_cashed IS NOT OLD.date_cashed
      OR NEW.method IS NOT OLD.method OR NEW.nature IS NOT OLD.nature OR NEW.forme IS NOT OLD.forme
      OR NEW.kind IS NOT OLD.kind OR NEW.description IS NOT OLD.description
      OR NEW.valuation_method IS NOT OLD.valuation_method
      OR NEW.counterpart_cents IS NOT OLD.counterpart_cents)
BEGIN
	SELECT RAISE(ABORT, 'gift: this gift is on a valid receipt; cancel the receipt before changing it');
END;

CREATE TRIGGER gift_receipted_delete BEFORE DELETE ON gift
WHEN EXISTS (SELECT 1 FROM receipt_line WHERE gift_id = OLD.id)
BEGIN
	SELECT RAISE(ABORT, 'gift: this gift is on a receipt and must be kept');
END;
