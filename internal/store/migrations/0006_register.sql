-- The donation register, continued: monthly direct-debit mandates, the
-- kilometric scale and volunteers' expense claims given up as gifts
-- (abandon de frais, receipts-law.md R4.7–R4.9).
-- Amounts are integer cents; civil dates are 'YYYY-MM-DD' text.

-- A standing order (SEPA direct debit) from one donor. RunMandates creates
-- one gift per month from it, with source 'mandate' and reference
-- 'mandate-ID-AAAA-MM'.
CREATE TABLE mandate (
	id            INTEGER PRIMARY KEY,
	donor_id      INTEGER NOT NULL REFERENCES contact (id),
	amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
	-- 1–28 so that every month has the day.
	day_of_month  INTEGER NOT NULL CHECK (day_of_month BETWEEN 1 AND 28),
	start_date    TEXT NOT NULL CHECK (date(start_date) IS start_date),
	end_date      TEXT CHECK (end_date IS NULL OR (date(end_date) IS end_date AND end_date >= start_date)),
	-- Référence unique du mandat (RUM).
	reference     TEXT NOT NULL DEFAULT '',
	method        TEXT NOT NULL DEFAULT 'prelevement' CHECK (method IN ('especes', 'cheque', 'virement', 'prelevement', 'carte')),
	campaign      TEXT NOT NULL DEFAULT '',
	active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX mandate_donor ON mandate (donor_id);

ALTER TABLE gift ADD COLUMN mandate_id INTEGER REFERENCES mandate (id);
-- A mandate gives at most one gift per date: running a month twice
-- cannot create its gifts twice.
CREATE UNIQUE INDEX gift_mandate_date ON gift (mandate_id, date_received) WHERE mandate_id IS NOT NULL;

-- The barème kilométrique (art. 83 3° CGI), used since 1 Jan 2022 to value
-- the car and motorbike costs that volunteers give up (R4.9). One row per
-- vehicle × fiscal-horsepower range × annual-distance band, for the
-- version that starts at effective_from. A band applies when the annual
-- distance d is at most km_max (NULL: no upper bound) and above the
-- km_max of the band below. The cost of the year is
--   d × rate_millicents_per_km / 100000 € + fixed_cents / 100 €,
-- raised by electric_bonus_percent for an electric vehicle.
-- rate_millicents_per_km is euros × 100000 per km: 0,529 €/km = 52900.
-- The user adds the newer versions; rows of a version never change.
CREATE TABLE km_scale (
	id                      INTEGER PRIMARY KEY,
	effective_from          TEXT NOT NULL CHECK (date(effective_from) IS effective_from),
	vehicle                 TEXT NOT NULL CHECK (vehicle IN ('car', 'motorbike', 'moped')),
	hp_min                  INTEGER NOT NULL DEFAULT 0 CHECK (hp_min >= 0),
	hp_max                  INTEGER CHECK (hp_max IS NULL OR hp_max >= hp_min),
	km_max                  INTEGER CHECK (km_max IS NULL OR km_max > 0),
	rate_millicents_per_km  INTEGER NOT NULL CHECK (rate_millicents_per_km >= 0),
	fixed_cents             INTEGER NOT NULL DEFAULT 0 CHECK (fixed_cents >= 0),
	electric_bonus_percent  INTEGER NOT NULL DEFAULT 20 CHECK (electric_bonus_percent >= 0)
) STRICT;
CREATE UNIQUE INDEX km_scale_band ON km_scale (effective_from, vehicle, hp_min, coalesce(km_max, -1));

-- [U] Coefficients of the scale published in 2024 for the income of 2023
-- (BOI-BAREME-000001, arrêté of 27 March 2023), kept unchanged for the
-- income of 2024 and 2025. They must be checked against the yearly BOFiP /
-- impots.gouv publication (receipts-law.md R4.9), as must the +20 % for
-- electric vehicles.
-- Cars: d ≤ 5 000 km / 5 001–20 000 km / > 20 000 km.
INSERT INTO km_scale (effective_from, vehicle, hp_min, hp_max, km_max, rate_millicents_per_km, fixed_cents) VALUES
	('2024-01-01', 'car', 0, 3,    5000,  52900,      0),
	('2024-01-01', 'car', 0, 3,    20000, 31600, 106500),
	('2024-01-01', 'car', 0, 3,    NULL,  37000,      0),
	('2024-01-01', 'car', 4, 4,    5000,  60600,      0),
	('2024-01-01', 'car', 4, 4,    20000, 34000, 133000),
	('2024-01-01', 'car', 4, 4,    NULL,  40700,      0),
	('2024-01-01', 'car', 5, 5,    5000,  63600,      0),
	('2024-01-01', 'car', 5, 5,    20000, 35700, 139500),
	('2024-01-01', 'car', 5, 5,    NULL,  42700,      0),
	('2024-01-01', 'car', 6, 6,    5000,  66500,      0),
	('2024-01-01', 'car', 6, 6,    20000, 37400, 145700),
	('2024-01-01', 'car', 6, 6,    NULL,  44700,      0),
	('2024-01-01', 'car', 7, NULL, 5000,  69700,      0),
	('2024-01-01', 'car', 7, NULL, 20000, 39400, 151500),
	('2024-01-01', 'car', 7, NULL, NULL,  47000,      0);
-- Motorbikes above 50 cm³: d ≤ 3 000 km / 3 001–6 000 km / > 6 000 km.
INSERT INTO km_scale (effective_from, vehicle, hp_min, hp_max, km_max, rate_millicents_per_km, fixed_cents) VALUES
	('2024-01-01', 'motorbike', 0, 2,    3000, 39500,      0),
	('2024-01-01', 'motorbike', 0, 2,    6000,  9900,  89100),
	('2024-01-01', 'motorbike', 0, 2,    NULL, 24800,      0),
	('2024-01-01', 'motorbike', 3, 5,    3000, 46800,      0),
	('2024-01-01', 'motorbike', 3, 5,    6000,  8200, 115800),
	('2024-01-01', 'motorbike', 3, 5,    NULL, 27500,      0),
	('2024-01-01', 'motorbike', 6, NULL, 3000, 60600,      0),
	('2024-01-01', 'motorbike', 6, NULL, 6000,  7900, 158300),
	('2024-01-01', 'motorbike', 6, NULL, NULL, 34300,      0);
-- Mopeds (cyclomoteurs, 50 cm³ and less), any power: same distance bands.
INSERT INTO km_scale (effective_from, vehicle, hp_min, hp_max, km_max, rate_millicents_per_km, fixed_cents) VALUES
	('2024-01-01', 'moped', 0, NULL, 3000, 31500,      0),
	('2024-01-01', 'moped', 0, NULL, 6000,  7900,  71100),
	('2024-01-01', 'moped', 0, NULL, NULL, 19800,      0);

-- An expense claim by a volunteer who gives the refund up to the
-- association. Receipt eligibility (donation.Receiptable): a gift of nature
-- 'frais_benevoles' may be receipted only when a claim has gift_id = gift.id,
-- waiver_signed_on IS NOT NULL, waiver_text <> '', at least one
-- expense_document and recorded_in_accounts = 1 (R4.7).
CREATE TABLE expense_claim (
	id                    INTEGER PRIMARY KEY,
	volunteer_id          INTEGER NOT NULL REFERENCES contact (id),
	claim_date            TEXT NOT NULL CHECK (date(claim_date) IS claim_date),
	-- What the expenses were for; it must relate to the association's objet.
	purpose               TEXT NOT NULL CHECK (trim(purpose) <> ''),
	-- The km_scale version (its effective_from) used for the km lines.
	scale_effective_from  TEXT CHECK (scale_effective_from IS NULL OR date(scale_effective_from) IS scale_effective_from),
	waiver_text           TEXT NOT NULL DEFAULT '',
	waiver_signed_on      TEXT CHECK (waiver_signed_on IS NULL OR date(waiver_signed_on) IS waiver_signed_on),
	recorded_in_accounts  INTEGER NOT NULL DEFAULT 0 CHECK (recorded_in_accounts IN (0, 1)),
	gift_id               INTEGER UNIQUE REFERENCES gift (id),
	created_at            TEXT NOT NULL
) STRICT;
CREATE INDEX expense_claim_volunteer ON expense_claim (volunteer_id, claim_date);

CREATE TABLE expense_line (
	id            INTEGER PRIMARY KEY,
	claim_id      INTEGER NOT NULL REFERENCES expense_claim (id) ON DELETE CASCADE,
	date          TEXT NOT NULL CHECK (date(date) IS date),
	description   TEXT NOT NULL DEFAULT '',
	kind          TEXT NOT NULL CHECK (kind IN ('km', 'expense')),
	km            INTEGER NOT NULL DEFAULT 0 CHECK (km >= 0),
	-- Annual distance driven for the association, which picks the band.
	year_km       INTEGER NOT NULL DEFAULT 0 CHECK (year_km >= 0),
	fiscal_hp     INTEGER NOT NULL DEFAULT 0 CHECK (fiscal_hp >= 0),
	vehicle       TEXT NOT NULL DEFAULT '' CHECK (vehicle IN ('', 'car', 'motorbike', 'moped')),
	electric      INTEGER NOT NULL DEFAULT 0 CHECK (electric IN (0, 1)),
	amount_cents  INTEGER NOT NULL CHECK (amount_cents >= 0),
	CHECK (kind = 'expense' OR (km > 0 AND vehicle <> ''))
) STRICT;
CREATE INDEX expense_line_claim ON expense_line (claim_id, date);

-- Supporting documents (tickets, invoices, log of the trips) kept with the
-- claim (R4.7 c, R7.1).
CREATE TABLE expense_document (
	id        INTEGER PRIMARY KEY,
	claim_id  INTEGER NOT NULL REFERENCES expense_claim (id) ON DELETE CASCADE,
	name      TEXT NOT NULL,
	mime      TEXT NOT NULL,
	data      BLOB NOT NULL CHECK (length(data) BETWEEN 1 AND 10485760),
	sha256    TEXT NOT NULL,
	added_at  TEXT NOT NULL
) STRICT;
CREATE INDEX expense_document_claim ON expense_document (claim_id);
