// Package receipt issues the tax receipts (reçus fiscaux) of the donation
// register and keeps them as the tax office may inspect them:
//
//   - plan.go decides what each receipt covers (one gift, or one year of a
//     donor's gifts, split by nature and, for a company, by its fiscal
//     years) and checks every mandatory mention before anything is
//     numbered (receipts-law.md R1, R2.2, R4);
//   - issue.go numbers, draws and stores receipts: the number comes from
//     the year's counter in the same write transaction as the receipt, its
//     PDF and the PDF's SHA-256, so a crash leaves no hole and no receipt
//     without its document (R3.1–R3.3);
//   - lifecycle.go cancels, replaces and duplicates receipts (R3.4–R3.6);
//   - declaration.go gives the yearly figures of art. 222 bis CGI (R6);
//   - export.go writes receipts to a folder and merges them for printing.
//
// It is a domain package: it imports no SQL, Fyne or fpdf. internal/core
// gives NewService the store and the PDF renderer.
package receipt

import (
	"context"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// Mark is a stamp printed over a receipt when it is drawn again.
type Mark int

// Marks; internal/pdf has the same three.
const (
	// NoMark draws the receipt as issued.
	NoMark Mark = iota
	// CancelledMark stamps « ANNULÉ » with the date and reason (R3.4).
	CancelledMark
	// DuplicateMark prints « DUPLICATA délivré le JJ/MM/AAAA » (R3.6).
	DuplicateMark
)

// Renderer draws one receipt as a PDF. The same receipt and mark must
// give the same bytes: the SHA-256 of the stored document proves it was
// not changed. markDate is the date of the mark, YYYY-MM-DD.
type Renderer func(r donation.Receipt, mark Mark, markDate string) ([]byte, error)

// Candidate is a gift that a receipt may cover, with what decides
// whether it may: its expense claim (volunteers' expenses) and the valid
// receipt that already covers it, if any.
type Candidate struct {
	Gift  donation.Gift
	Claim *donation.ExpenseClaim
	// Receipted is the number of the valid receipt that covers the gift,
	// or "".
	Receipted string
}

// DateRule says which date of a gift counts for its receipt and its tax
// year (R4.3).
type DateRule string

// Date rules.
const (
	// Cashed uses the date the gift was cashed, or received when it has no
	// cashing date (the default: Fondation de France, R4.3).
	Cashed DateRule = "cashed"
	// Received always uses the date received.
	Received DateRule = "received"
)

// GiftDate returns the date of g that counts under rule.
func (rule DateRule) GiftDate(g donation.Gift) string {
	if rule != Received && g.DateCashed != "" {
		return g.DateCashed
	}
	return g.DateReceived
}

// GiftQuery selects candidates for receipts.
type GiftQuery struct {
	// From and To bound the date that counts (Rule), inclusive; "" for no
	// bound.
	From, To string
	Rule     DateRule
	DonorID  int64
	GiftIDs  []int64
	// Unreceipted leaves out the gifts already on a valid receipt.
	Unreceipted bool
}

// Draft is a receipt ready to be numbered and stored, with the gifts as
// they were read when it was planned: the store refuses the draft if one
// of them changed since.
type Draft struct {
	Receipt donation.Receipt
	Gifts   []donation.Gift // one per line, in the order of the lines
}

// RenderBatch starts drawing rs, once numbered, in the background; the
// store calls it inside its write transaction. Receipts that already have
// their PDF (drawn ahead with the number the store confirmed) are left as
// they are. The store then calls next(0), next(1)… in order: next(i)
// returns when rs[i] is drawn (PDF and SHA256 set), so each receipt is
// written while the following ones are still being drawn. stop ends the
// drawing and waits for it; the store always calls it.
type RenderBatch func(rs []*donation.Receipt) (next func(i int) error, stop func())

// RenderOne draws one receipt and returns the PDF.
type RenderOne func(r donation.Receipt) ([]byte, error)

// Cancellation is what a cancellation records (R3.4).
type Cancellation struct {
	On     string // YYYY-MM-DD
	Reason string
}

// Filter selects receipts in lists; zero fields match everything.
type Filter struct {
	Year       int // year of issue (the numbering series)
	PeriodYear int // year of the gifts covered
	DonorID    int64
	Status     donation.ReceiptStatus
	Number     string
	RunID      int64 // receipts of one bulk run
}

// Row is a receipt as lists show it (R8.2: number, date, donor, amount,
// status, linked gifts).
type Row struct {
	ID           int64
	Number       string
	Year, Seq    int
	IssuedOn     string
	DonorID      int64
	DonorName    string
	DonorKind    donation.DonorKind
	Total        money.Cents
	Status       donation.ReceiptStatus
	Annual       bool
	PeriodYear   int
	Replaces     string
	ReplacedBy   string
	CancelledOn  string
	CancelReason string
	SHA256       string // of the document as issued
	GiftIDs      []int64
}

// Store is the persistence that Service needs; *store.DB implements it.
type Store interface {
	Association(ctx context.Context) (association.Profile, error)
	Setting(ctx context.Context, key, def string) (string, error)
	SetSetting(ctx context.Context, key, value string) error

	// ReceiptCandidates returns the gifts q selects, ordered by donor then
	// date, with their expense claims and current receipt.
	ReceiptCandidates(ctx context.Context, q GiftQuery) ([]Candidate, error)
	// ReceiptDonors returns the contacts with these IDs, erased ones
	// included (Contact.Notes is not read), with their addresses.
	ReceiptDonors(ctx context.Context, ids []int64) (map[int64]Donor, error)

	// IssueReceipts numbers every draft from its year's counter, calls
	// render, and saves the receipts, their lines and PDFs in one write
	// transaction, setting ID, Number, Year and Seq on each draft. runID
	// is the bulk run the receipts belong to, or 0.
	IssueReceipts(ctx context.Context, runID int64, drafts []Draft, render RenderBatch) error
	// StartReceiptRun returns the unfinished bulk run for year and kind,
	// or starts one.
	StartReceiptRun(ctx context.Context, year int, annual bool) (Run, error)
	// FinishReceiptRun marks a run finished and returns how many receipts
	// it issued.
	FinishReceiptRun(ctx context.Context, id int64) (int, error)
	// CancelReceipt records the cancellation of a valid receipt with its
	// « ANNULÉ » document drawn by render, in one transaction.
	CancelReceipt(ctx context.Context, number string, c Cancellation, render RenderOne) (donation.Receipt, error)
	// ReplaceReceipt cancels number (unless it is already cancelled and
	// not yet replaced) and issues draft in its place, in one transaction.
	ReplaceReceipt(ctx context.Context, number string, c Cancellation, draft *Draft, render RenderBatch, renderCancelled RenderOne) (donation.Receipt, error)
	// LogDuplicate records that a duplicate of number was delivered on.
	LogDuplicate(ctx context.Context, number, on string) error
	// SetFirstReceiptNumber starts the series of year at seq; only once,
	// and only before its first receipt.
	SetFirstReceiptNumber(ctx context.Context, year, seq int) error
	// ReceiptNumbering returns each year's series.
	ReceiptNumbering(ctx context.Context) ([]Series, error)

	// GetReceipt returns a receipt with its snapshots and lines; PDF holds
	// the document as issued.
	GetReceipt(ctx context.Context, number string) (donation.Receipt, error)
	// ReceiptDocument returns the stored document to print: as issued, or
	// its « ANNULÉ » version for a cancelled receipt; the store checks it
	// against its SHA-256.
	ReceiptDocument(ctx context.Context, number string) ([]byte, error)
	ListReceipts(ctx context.Context, f Filter) ([]Row, error)
	// EachReceiptDocument calls fn with every receipt f selects, in
	// number order, and its stored document, one at a time.
	EachReceiptDocument(ctx context.Context, f Filter, fn func(Row, []byte) error) error
	ReceiptFigures(ctx context.Context, from, to string) (Figures, error)
	CheckReceipts(ctx context.Context) ([]Problem, error)
}

// Number formats a receipt number: AAAA-NNNNN, one series per year of
// issue (receipts-law.md R3.2). Past 99 999 the number simply gets longer.
func Number(year, seq int) string { return fmt.Sprintf("%04d-%05d", year, seq) }

// Donor is a contact as receipts need it.
type Donor struct {
	contact.Contact
	Erased bool
}

// Series is the numbering of one year of issue.
type Series struct {
	Year        int
	First, Next int // first number and next number to give
	FirstSet    bool
	Issued      int // receipts numbered
}

// Problem is something wrong with the receipts, found by Check.
type Problem struct {
	Check  string // stable key: "receipt_series", "receipt_pdf_hash"…
	Label  string // French label of the check
	Detail string
}

// Params are what NewService needs.
type Params struct {
	Store  Store
	Render Renderer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Workers draw receipts in parallel; 0 means runtime.GOMAXPROCS.
	Workers int
	// BatchSize is the number of receipts issued per transaction by Bulk;
	// 0 means DefaultBatchSize.
	BatchSize int
}

// Service issues and manages receipts.
type Service struct {
	store     Store
	render    Renderer
	now       func() time.Time
	workers   int
	batchSize int
}

// NewService returns a Service on p.Store drawing with p.Render.
func NewService(p Params) *Service {
	if p.Store == nil || p.Render == nil {
		panic("receipt.NewService: nil store or renderer")
	}
	s := &Service{store: p.Store, render: p.Render, now: p.Now, workers: p.Workers, batchSize: p.BatchSize}
	if s.now == nil {
		s.now = time.Now
	}
	if s.batchSize <= 0 {
		s.batchSize = DefaultBatchSize
	}
	return s
}

// today is the date of issue.
func (s *Service) today() string { return s.now().Format(time.DateOnly) }
