package receipt

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// DefaultBatchSize is how many receipts Bulk issues per write
// transaction. Numbers, PDFs and rows of a batch commit together: a crash
// in the middle of a batch rolls all of it back, counter included, so the
// series keeps no hole. 100 receipts take a few tenths of a second, short
// enough for another program waiting on the database (busy_timeout 10 s).
const DefaultBatchSize = 100

// Preview returns what Issue, IssueAnnual or Bulk would issue for req
// today, and everything that keeps gifts off a receipt. It writes nothing.
func (s *Service) Preview(ctx context.Context, req Request) (Plan, error) {
	return s.plan(ctx, req)
}

// plan loads what req needs and plans it.
func (s *Service) plan(ctx context.Context, req Request) (Plan, error) {
	settings, err := s.Settings(ctx)
	if err != nil {
		return Plan{}, err
	}
	profile, err := s.store.Association(ctx)
	if err != nil {
		return Plan{}, fmt.Errorf("read association: %w", err)
	}
	q := GiftQuery{Rule: settings.DateRule}
	switch {
	case len(req.GiftIDs) > 0:
		q.GiftIDs = req.GiftIDs
		if req.Annual && req.Year == 0 {
			return Plan{}, apperr.Invalid("receipt.year_missing", "Indiquez l'année que couvre le reçu annuel.")
		}
	case req.Year > 0:
		q.From, q.To = fmt.Sprintf("%04d-01-01", req.Year), fmt.Sprintf("%04d-12-31", req.Year)
		q.DonorID = req.DonorID
		q.Unreceipted = true
	default:
		return Plan{}, apperr.Invalid("receipt.request_empty", "Choisissez les dons à recevoir, ou un donateur et une année.")
	}
	cands, err := s.store.ReceiptCandidates(ctx, q)
	if err != nil {
		return Plan{}, fmt.Errorf("read gifts to receipt: %w", err)
	}
	if len(req.GiftIDs) > 0 {
		for _, id := range req.GiftIDs {
			if !slices.ContainsFunc(cands, func(c Candidate) bool { return c.Gift.ID == id }) {
				return Plan{}, apperr.NotFound("receipt.gift_not_found", fmt.Sprintf(
					"Le don n° %d n'existe pas. Vérifiez son numéro dans la liste des dons.", id))
			}
		}
	}
	var ids []int64
	for _, c := range cands {
		if len(ids) == 0 || ids[len(ids)-1] != c.Gift.DonorID {
			ids = append(ids, c.Gift.DonorID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	donors, err := s.store.ReceiptDonors(ctx, ids)
	if err != nil {
		return Plan{}, fmt.Errorf("read donors: %w", err)
	}
	return plan(planInput{
		profile:    profile,
		settings:   settings,
		candidates: cands,
		donors:     donors,
		annual:     req.Annual,
		year:       req.Year,
		issuedOn:   s.today(),
	}), nil
}

// Issue issues the receipt of one gift. It is refused, with the list of
// everything missing, while a mandatory mention is absent.
func (s *Service) Issue(ctx context.Context, giftID int64) (donation.Receipt, error) {
	p, err := s.plan(ctx, Request{GiftIDs: []int64{giftID}})
	if err != nil {
		return donation.Receipt{}, err
	}
	if err := p.Err(); err != nil {
		return donation.Receipt{}, err
	}
	if len(p.Drafts) != 1 {
		return donation.Receipt{}, fmt.Errorf("issue receipt for gift %d: %d drafts planned", giftID, len(p.Drafts))
	}
	if err := s.store.IssueReceipts(ctx, 0, p.Drafts, s.renderBatch(ctx)); err != nil {
		return donation.Receipt{}, fmt.Errorf("issue receipt for gift %d: %w", giftID, err)
	}
	return p.Drafts[0].Receipt, nil
}

// IssueAnnual issues the yearly receipts of one donor for the gifts of
// year not yet receipted: one per nature of gift and, for a company, per
// fiscal year (R4.1, R4.2, R4.4, R1.21). All or nothing: it is refused,
// with the list of what is missing, if one of them cannot be issued.
func (s *Service) IssueAnnual(ctx context.Context, donorID int64, year int) ([]donation.Receipt, error) {
	if donorID == 0 {
		return nil, apperr.Invalid("receipt.donor_missing", "Choisissez le donateur.")
	}
	p, err := s.plan(ctx, Request{DonorID: donorID, Year: year, Annual: true})
	if err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(p.Drafts) == 0 {
		return nil, apperr.Invalid("receipt.nothing_to_issue", fmt.Sprintf(
			"Ce donateur n'a aucun don de %d sans reçu. Vérifiez l'année, ou la liste des reçus déjà émis.", year))
	}
	if err := s.store.IssueReceipts(ctx, 0, p.Drafts, s.renderBatch(ctx)); err != nil {
		return nil, fmt.Errorf("issue yearly receipts of donor %d for %d: %w", donorID, year, err)
	}
	out := make([]donation.Receipt, len(p.Drafts))
	for i, d := range p.Drafts {
		out[i] = d.Receipt
	}
	return out, nil
}

// BulkParams configure Bulk.
type BulkParams struct {
	Year   int  // calendar year of the gifts
	Annual bool // one yearly receipt per donor rather than one per gift
	// OutDir, when set, receives one PDF per receipt of the run and one
	// merged PDF for printing (export.go).
	OutDir string
	// Progress, when set, is called after each batch with the receipts
	// issued so far by this call and the number planned.
	Progress func(done, total int)
}

// BulkResult reports a Bulk run.
type BulkResult struct {
	Year   int
	Annual bool
	// Resumed reports that an interrupted run for the same year and kind
	// was carried on: its receipts count in Run and go to the folder.
	Resumed bool
	// Issued, First, Last and Total describe the receipts issued by this
	// call; Run counts those of the whole run.
	Issued      int
	First, Last string
	Total       money.Cents
	Run         int
	// Blocked lists the gifts left without receipt, with what they lack.
	Blocked []Blocked
	Export  ExportResult
}

// Bulk receipts every gift of p.Year not yet receipted, in batches of
// BatchSize receipts, each numbered and stored with its PDF in one
// transaction; the next batch is drawn meanwhile (drawAhead). Receipts
// are numbered in the order of the donors' names, so the printed pile is
// sorted. Gifts that lack something are left out and listed in Blocked;
// nothing is issued while the association's profile is incomplete.
//
// Bulk can be stopped at any moment (ctx, or the process killed) and
// called again: the batches committed stay, the one in flight is rolled
// back with its numbers, and the next call plans the gifts still without
// receipt and carries on the same run (receipt_run), so the series has no
// hole and no gift gets two receipts. With OutDir, the files of the whole
// run, including those of the interrupted calls, are written at the end.
func (s *Service) Bulk(ctx context.Context, p BulkParams) (BulkResult, error) {
	res := BulkResult{Year: p.Year, Annual: p.Annual}
	if p.Year < 2000 || p.Year > 2999 {
		return res, apperr.Invalid("receipt.year_invalid", fmt.Sprintf("L'année %d n'est pas valide. Indiquez l'année des dons, par exemple 2026.", p.Year))
	}
	pl, err := s.plan(ctx, Request{Year: p.Year, Annual: p.Annual})
	if err != nil {
		return res, err
	}
	if len(pl.Issuer) > 0 {
		return res, pl.Issuer
	}
	res.Blocked = pl.Blocked
	run, err := s.store.StartReceiptRun(ctx, p.Year, p.Annual)
	if err != nil {
		return res, fmt.Errorf("start receipt run: %w", err)
	}
	res.Resumed = run.Resumed
	if p.OutDir != "" {
		if err := prepareDir(p.OutDir); err != nil {
			return res, err
		}
	}
	total := len(pl.Drafts)
	if p.Progress != nil {
		p.Progress(0, total)
	}
	batches, wait := s.drawAhead(ctx, pl.Drafts)
	defer wait()
	render := s.renderBatch(ctx)
	for batch := range batches {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := s.store.IssueReceipts(ctx, run.ID, batch, render); err != nil {
			return res, fmt.Errorf("issue receipts %d to %d of %d: %w", res.Issued+1, res.Issued+len(batch), total, err)
		}
		for i := range batch {
			r := &batch[i].Receipt
			if res.First == "" {
				res.First = r.Number
			}
			res.Last = r.Number
			res.Total += r.Total
			res.Issued++
			// The PDF is stored: drop it so memory stays flat.
			r.PDF = nil
			r.Issuer.Signature, r.Issuer.Logo = nil, nil
		}
		if p.Progress != nil {
			p.Progress(res.Issued, total)
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if p.OutDir != "" {
		if res.Export, err = s.Export(ctx, Filter{RunID: run.ID, Status: donation.Valid}, p.OutDir); err != nil {
			return res, err
		}
	}
	if res.Run, err = s.store.FinishReceiptRun(ctx, run.ID); err != nil {
		return res, fmt.Errorf("finish receipt run: %w", err)
	}
	return res, nil
}

// drawAhead cuts drafts into batches and draws each batch, on the
// workers, with the numbers it should get, while the store writes the
// batch before: drawing, not writing, is what takes time, and it then
// never waits for a commit. The numbers are a forecast from the counter
// (one writer is the usual case); the store keeps a drawing only if the
// number it gives is the one forecast, and draws the receipt again
// otherwise. At most one batch waits drawn. wait stops the drawing and
// waits for it to end.
func (s *Service) drawAhead(ctx context.Context, drafts []Draft) (<-chan []Draft, func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan []Draft, 1)
	next := map[int]int{}
	if series, err := s.store.ReceiptNumbering(ctx); err == nil {
		for _, sr := range series {
			next[sr.Year] = sr.Next
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(out)
		for start := 0; start < len(drafts); start += s.batchSize {
			batch := drafts[start:min(start+s.batchSize, len(drafts))]
			rs := make([]*donation.Receipt, len(batch))
			for i := range batch {
				r := &batch[i].Receipt
				year, _ := strconv.Atoi(r.IssuedOn[:4])
				seq := max(next[year], 1)
				next[year] = seq + 1
				r.Year, r.Seq, r.Number, r.Status = year, seq, Number(year, seq), donation.Valid
				rs[i] = r
			}
			drawn, stop := s.renderBatch(ctx)(rs)
			for i := range rs {
				if drawn(i) != nil {
					rs[i].PDF, rs[i].SHA256 = nil, "" // drawn again by the store
				}
			}
			stop()
			select {
			case out <- batch:
			case <-ctx.Done():
				return
			}
		}
	})
	return out, func() {
		cancel()
		for range out {
		}
		wg.Wait()
	}
}

// Run is one bulk issue: its receipts share its ID.
type Run struct {
	ID      int64
	Resumed bool
}

// renderBatch draws receipts on Workers goroutines, in number order:
// each PDF is drawn with the number the store gave it, inside the store's
// transaction, while the store writes the ones already drawn.
func (s *Service) renderBatch(ctx context.Context) RenderBatch {
	return func(rs []*donation.Receipt) (func(int) error, func()) {
		ctx, cancel := context.WithCancel(ctx)
		workers := s.workers
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		workers = max(1, min(workers, len(rs)))
		errs := make([]error, len(rs))
		done := make([]chan struct{}, len(rs))
		for i := range done {
			done[i] = make(chan struct{})
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= len(rs) {
						return
					}
					switch {
					case rs[i].PDF != nil:
						// drawn ahead, with the number the store confirmed
					case ctx.Err() != nil:
						errs[i] = ctx.Err()
					default:
						errs[i] = s.draw(rs[i])
					}
					close(done[i])
				}
			})
		}
		wait := func(i int) error {
			<-done[i]
			return errs[i]
		}
		stop := func() {
			cancel()
			wg.Wait()
		}
		return wait, stop
	}
}

// draw renders r as issued and sets its PDF and SHA-256.
func (s *Service) draw(r *donation.Receipt) error {
	b, err := s.render(*r, NoMark, "")
	if err != nil {
		return fmt.Errorf("draw receipt %s: %w", r.Number, err)
	}
	sum := sha256.Sum256(b)
	r.PDF, r.SHA256 = b, hex.EncodeToString(sum[:])
	return nil
}
