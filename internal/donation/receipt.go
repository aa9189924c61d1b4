package donation

import (
	"github.com/bureau-asso/bureau/internal/money"
)

// Form identifies the official model a receipt follows. It is stored with
// every receipt so that an old receipt is reprinted as it was issued
// (receipts-law.md R1.3).
type Form struct {
	Code    string // "2041-RD" or "2041-MEC-SD"
	Cerfa   string // "11580*05" or "16216*03"
	Version string // date of the legal text used, "2023-03-01"
}

// DonorKind tells an individual (Cerfa 11580) from a company (Cerfa 16216).
type DonorKind string

// Donor kinds.
const (
	Individual DonorKind = "individual"
	Company    DonorKind = "company"
)

// ReceiptStatus is the life of an issued receipt: valid until cancelled.
type ReceiptStatus string

// Receipt statuses.
const (
	Valid     ReceiptStatus = "valid"
	Cancelled ReceiptStatus = "cancelled"
)

// IssuerSnapshot is the association as printed on a receipt.
type IssuerSnapshot struct {
	Name, SIREN, RNA                string
	Street, Postcode, City, Country string
	Object                          string
	CategoryCode                    string
	CategoryWording                 string // filled in, dates included
	ParentWording                   string // "Œuvre ou organisme d'intérêt général…", when the category sits under it
	SignerName, SignerRole          string
	Signature, Logo                 []byte // PNG or JPEG
	SignatureMIME, LogoMIME         string
	IFIEligible                     bool
}

// DonorSnapshot is the donor as printed on a receipt.
type DonorSnapshot struct {
	Kind                            DonorKind
	LastName, FirstName             string // individual
	CompanyName, LegalForm, SIREN   string // company
	Street, Postcode, City, Country string
}

// ReceiptLine is one gift covered by a receipt.
type ReceiptLine struct {
	GiftID      int64
	Date        string // date the gift counts for, YYYY-MM-DD
	Amount      money.Cents
	Method      Method
	Nature      Nature
	Forme       Forme
	Description string // gift in kind
	Valuation   string // how a gift in kind was valued
}

// Receipt is an issued tax receipt: everything printed on it is a
// snapshot taken at issue time, so later edits of the association or the
// donor never change it.
type Receipt struct {
	ID       int64
	Number   string // "2026-00001"
	Year     int    // year of issue: one numbering series per year
	Seq      int    // position in the year's series
	IssuedOn string // YYYY-MM-DD
	Form     Form
	Issuer   IssuerSnapshot
	Donor    DonorSnapshot
	DonorID  int64
	Lines    []ReceiptLine
	Total    money.Cents
	// Annual is true for a yearly receipt "Cumul des versements effectués en AAAA".
	Annual       bool
	PeriodYear   int    // the year an annual receipt covers
	PeriodFrom   string // company receipts: first and last date covered
	PeriodTo     string
	Article200   bool   // individuals: income-tax reduction
	Article978   bool   // individuals: IFI reduction, only for eligible categories
	Replaces     string // number of the receipt this one cancels and replaces
	Status       ReceiptStatus
	CancelledOn  string
	CancelReason string
	ReplacedBy   string
	Spelling     money.Spelling
	PDF          []byte
	SHA256       string
}
