package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // registers the decoder newPicture accepts
	"image/png"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// job is a receipt checked and ready to draw: everything that can fail
// (dates, words, images, wording) is worked out before the first stroke.
type job struct {
	r        donation.Receipt
	m        *mentions
	lines    []donation.ReceiptLine // by date
	issued   time.Time
	modified time.Time
	issuedFR string // jj/mm/aaaa
	words    string // the total in words

	dateLine string // individual: « Date du versement ou du don »

	inKind, payments           money.Cents // company
	inKindWords, paymentsWords string
	period                     string

	mark     Mark
	markDate string // jj/mm/aaaa

	logo, signature *picture
}

// picture is an image ready for fpdf.
type picture struct {
	name, typ string
	data      []byte
}

// prepare checks r against what its form requires (receipts-law.md R2.2)
// and works out what compose prints. Problems come back together as an
// apperr.Multi.
func prepare(r donation.Receipt, opts Options) (*job, error) {
	var errs apperr.Multi
	prefix := "Le reçu n° " + r.Number
	bad := func(key, format string, args ...any) {
		errs = append(errs, apperr.Invalid("pdf."+key, prefix+" "+fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(r.Number) == "" {
		return nil, apperr.Multi{apperr.Invalid("pdf.number_missing",
			"Le reçu n'a pas de numéro d'ordre : il ne peut pas être imprimé. Émettez-le d'abord.")}
	}
	m, err := mentionsFor(r)
	if err != nil {
		var e *apperr.Error
		if errors.As(err, &e) {
			return nil, apperr.Multi{e}
		}
		return nil, err
	}
	j := &job{r: r, m: m, mark: opts.Mark}

	if j.issued, err = time.Parse(time.DateOnly, r.IssuedOn); err != nil {
		bad("issued_on_invalid", "a une date d'émission invalide (« %s »). Corrigez-la au format AAAA-MM-JJ.", r.IssuedOn)
	}
	j.modified = j.issued
	j.issuedFR = frDate(j.issued)

	if r.Donor.Kind != m.DonorKind {
		bad("form_donor_mismatch", "suit le formulaire %s (Cerfa %s), qui ne convient pas à ce donateur : un particulier reçoit le Cerfa 11580, une entreprise le Cerfa 16216. Émettez un reçu sur le bon formulaire.",
			m.Form, m.Cerfa)
	}

	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	is := r.Issuer
	for _, f := range []struct{ value, what string }{
		{is.Name, "le nom de l'association"},
		{is.SIREN + is.RNA, "le numéro SIREN ou RNA de l'association"},
		{is.Street, "la rue de l'association"},
		{is.Postcode, "le code postal de l'association"},
		{is.City, "la commune de l'association"},
		{is.Object, "l'objet de l'association"},
		{is.CategoryWording, "la catégorie de l'association"},
		{is.SignerName, "le nom du signataire"},
		{is.SignerRole, "la qualité du signataire"},
	} {
		if blank(f.value) {
			bad("issuer_incomplete", "ne peut pas être imprimé : %s manque. Complétez la fiche de l'association puis émettez de nouveau le reçu.", f.what)
		}
	}
	dn := r.Donor
	donorFields := []struct{ value, what string }{
		{dn.Street, "la rue du donateur"}, {dn.Postcode, "le code postal du donateur"}, {dn.City, "la commune du donateur"},
	}
	if m.DonorKind == donation.Company {
		donorFields = append(donorFields, []struct{ value, what string }{
			{dn.CompanyName, "la dénomination de l'entreprise"}, {dn.LegalForm, "la forme juridique de l'entreprise"},
			{dn.SIREN, "le numéro SIREN de l'entreprise"}}...)
	} else {
		donorFields = append(donorFields, []struct{ value, what string }{
			{dn.LastName, "le nom du donateur"}, {dn.FirstName, "le prénom du donateur"}}...)
	}
	for _, f := range donorFields {
		if blank(f.value) {
			bad("donor_incomplete", "ne peut pas être imprimé : %s manque. Complétez la fiche du donateur puis émettez de nouveau le reçu.", f.what)
		}
	}

	j.lines = slices.Clone(r.Lines)
	slices.SortStableFunc(j.lines, func(a, b donation.ReceiptLine) int { return strings.Compare(a.Date, b.Date) })
	var sum money.Cents
	var dates []time.Time
	for _, l := range j.lines {
		t, err := time.Parse(time.DateOnly, l.Date)
		if err != nil {
			bad("line_date_invalid", "couvre un don dont la date est invalide (« %s »). Corrigez le don.", l.Date)
			continue
		}
		dates = append(dates, t)
		if l.Amount <= 0 {
			bad("line_amount_invalid", "couvre un don du %s dont le montant n'est pas positif. Corrigez le don.", frDate(t))
		}
		sum += l.Amount
		if isInKind(l) {
			j.inKind += l.Amount
		} else {
			j.payments += l.Amount
		}
	}
	switch {
	case len(j.lines) == 0:
		bad("no_lines", "ne couvre aucun don. Ajoutez les dons qu'il couvre.")
	case sum != r.Total:
		bad("total_mismatch", "annonce un total de %s alors que ses dons font %s. Émettez-le de nouveau.", r.Total, sum)
	}

	sp := opts.Spelling
	if r.Spelling == money.Rectified1990 {
		sp = money.Rectified1990
	}
	words := func(c money.Cents) string {
		if c == 0 && m.DonorKind == donation.Company {
			return m.t("none")
		}
		s, err := money.Words(c, sp)
		if err != nil {
			var e *apperr.Error
			if errors.As(err, &e) {
				errs = append(errs, e)
			}
		}
		return s
	}
	j.words = words(r.Total)

	var first, last time.Time
	if len(dates) > 0 {
		first, last = slices.MinFunc(dates, time.Time.Compare), slices.MaxFunc(dates, time.Time.Compare)
	}
	if m.DonorKind == donation.Company {
		j.inKindWords, j.paymentsWords = words(j.inKind), words(j.payments)
		from, to := first, last
		if r.PeriodFrom != "" || r.PeriodTo != "" {
			f, err1 := time.Parse(time.DateOnly, r.PeriodFrom)
			t, err2 := time.Parse(time.DateOnly, r.PeriodTo)
			if err1 != nil || err2 != nil || t.Before(f) {
				bad("period_invalid", "a une période invalide (du « %s » au « %s »). Corrigez-la.", r.PeriodFrom, r.PeriodTo)
			}
			from, to = f, t
		}
		j.period = frDate(from)
		if !from.Equal(to) {
			j.period = m.t("period_range", "from", frDate(from), "to", frDate(to))
		}
	} else {
		if !r.Article200 && !r.Article978 {
			bad("article_missing", "ne coche ni l'article 200 ni l'article 978 du CGI. Cochez l'article qui s'applique.")
		}
		if r.Article978 && !is.IFIEligible {
			bad("article_978_ineligible", "coche l'article 978 (IFI), auquel la catégorie de l'association n'ouvre pas droit (R1.11a). Décochez-le.")
		}
		switch {
		case r.Annual:
			year := r.PeriodYear
			if year == 0 && len(dates) > 0 {
				year = first.Year()
			}
			if len(dates) > 0 && (first.Year() != year || last.Year() != year) {
				bad("annual_years", "est un reçu annuel %d, mais couvre des dons d'autres années : un reçu annuel ne couvre qu'une année civile. Retirez ces dons.", year)
			}
			j.dateLine = m.t("annual_date", "year", fmt.Sprint(year))
		case first.Equal(last):
			j.dateLine = frDate(first)
		default:
			j.dateLine = m.t("period_date", "from", frDate(first), "to", frDate(last))
		}
	}

	if r.Status == donation.Cancelled {
		if j.mark == Duplicate {
			bad("duplicate_cancelled", "est annulé : il ne peut pas faire l'objet d'un duplicata. Délivrez le reçu qui le remplace.")
		}
		j.mark = Cancelled
	}
	switch j.mark {
	case Cancelled:
		on := opts.MarkDate
		if on == "" {
			on = r.CancelledOn
		}
		t, err := time.Parse(time.DateOnly, on)
		if err != nil {
			bad("cancel_date_invalid", "est annulé sans date d'annulation valide (« %s »). Indiquez la date d'annulation.", on)
		}
		j.markDate, j.modified = frDate(t), later(j.modified, t)
		if blank(r.CancelReason) {
			bad("cancel_reason_missing", "est annulé sans motif : le motif doit figurer sur le reçu annulé (R3.4). Indiquez-le.")
		}
	case Duplicate:
		t, err := time.Parse(time.DateOnly, opts.MarkDate)
		if err != nil {
			bad("duplicate_date_invalid", "ne peut pas être imprimé en duplicata sans date de délivrance valide (« %s »).", opts.MarkDate)
		}
		j.markDate, j.modified = frDate(t), later(j.modified, t)
	}

	if j.logo, err = newPicture(is.Logo); err != nil {
		bad("logo_invalid", "ne peut pas être imprimé : le logo de l'association est illisible. Choisissez de nouveau le logo, en PNG ou JPEG, dans la fiche de l'association.")
		errs[len(errs)-1].Err = err
	}
	if j.signature, err = newPicture(is.Signature); err != nil {
		bad("signature_invalid", "ne peut pas être imprimé : l'image de la signature est illisible. Choisissez de nouveau la signature, en PNG ou JPEG, dans la fiche de l'association.")
		errs[len(errs)-1].Err = err
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return j, nil
}

// isInKind reports a line that a company receipt counts as a gift in kind
// rather than a payment.
func isInKind(l donation.ReceiptLine) bool {
	return l.Nature != "" && l.Nature != donation.Numeraire
}

// frDate writes t the French way, jj/mm/aaaa.
func frDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// pictures keeps the pictures already checked, by the SHA-256 of their
// data: a batch prints the same logo and signature hundreds of times.
var pictures struct {
	sync.Mutex
	m map[[sha256.Size]byte]*picture
}

// newPicture checks image data and returns it in a form that fpdf embeds
// without decoding it: JPEG as it is, PNG as it is when it is 8-bit,
// opaque and not interlaced, or else re-encoded that way, on white. fpdf
// cannot read interlaced or 16-bit PNG, and splits the alpha channel of
// every document anew, which costs more than the rest of a receipt. It
// returns nil for no image. The name is derived from the bytes, so that
// a logo is embedded once per document and identical input gives
// identical output.
func newPicture(data []byte) (*picture, error) {
	if len(data) == 0 {
		return nil, nil
	}
	sum := sha256.Sum256(data)
	pictures.Lock()
	pic, ok := pictures.m[sum]
	pictures.Unlock()
	if ok {
		return pic, nil
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		return nil, fmt.Errorf("empty image")
	}
	pic = &picture{name: "img-" + hex.EncodeToString(sum[:12]), data: data}
	switch format {
	case "jpeg":
		pic.typ = "JPG"
	case "png":
		pic.typ = "PNG"
		// IHDR: bit depth at byte 24, colour type at 25 (4 and 6 have
		// alpha), interlace method at 28.
		if len(data) > 28 && (data[24] > 8 || data[25] >= 4 || data[28] != 0) {
			im, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				return nil, err
			}
			flat := image.NewNRGBA(im.Bounds())
			draw.Draw(flat, flat.Bounds(), image.White, image.Point{}, draw.Src)
			draw.Draw(flat, flat.Bounds(), im, im.Bounds().Min, draw.Over)
			var buf bytes.Buffer
			if err := png.Encode(&buf, flat); err != nil {
				return nil, err
			}
			pic.data = buf.Bytes()
		}
	default:
		return nil, fmt.Errorf("format %s", format)
	}
	pictures.Lock()
	if len(pictures.m) >= 16 {
		clear(pictures.m)
	}
	if pictures.m == nil {
		pictures.m = make(map[[sha256.Size]byte]*picture)
	}
	pictures.m[sum] = pic
	pictures.Unlock()
	return pic, nil
}

// parseDate reads a civil date, YYYY-MM-DD.
func parseDate(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }
