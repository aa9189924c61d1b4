package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bureau-asso/bureau/assets"
	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/donation"
)

// mentionsGlob finds the wording of every form version. A new wording of a
// form goes into a new file (mentions-YYYY-MM-DD.json, or a new cerfa-*
// directory for a new Cerfa number) so that old receipts keep theirs
// (receipts-law.md R1.3).
const mentionsGlob = "legal/*/mentions*.json"

// mentions is the fixed wording of one version of one form: every sentence,
// label and footnote printed on its receipts.
type mentions struct {
	Form          string // "2041-RD"
	Cerfa         string // "11580*05"
	EffectiveFrom string // YYYY-MM-DD
	DonorKind     donation.DonorKind
	Texts         map[string]string
	Footnotes     []string
	file          string
}

// Keys that every mentions file must define, by donor kind. The renderer
// asks only for these, so a file that loads can print every receipt.
var (
	commonKeys = []string{
		"form_code", "form_cerfa", "title", "receipt_number",
		"issuer_heading", "issuer_name", "issuer_id", "street", "postcode", "city", "country", "default_country", "object",
		"donor_heading", "signature_heading", "signature_date", "signer",
		"bureau_annex_heading", "bureau_annex_continued", "bureau_annex_intro", "bureau_annex_date", "bureau_annex_amount",
		"bureau_annex_method", "bureau_annex_nature", "bureau_annex_total",
		"bureau_method_especes", "bureau_method_cheque", "bureau_method_virement", "bureau_method_prelevement",
		"bureau_method_carte", "bureau_method_none",
		"bureau_nature_numeraire", "bureau_nature_titres", "bureau_nature_abandon_revenus",
		"bureau_nature_frais_benevoles", "bureau_nature_nature",
		"bureau_cancelled_stamp", "bureau_cancelled", "bureau_replaced_by", "bureau_replaces", "bureau_duplicate",
		"bureau_footer", "bureau_page", "bureau_pdf_title", "bureau_pdf_batch_title",
	}
	individualKeys = []string{
		"donor_last_name", "donor_first_names",
		"amount_received", "amount_words", "payment_date", "annual_date", "period_date",
		"certification", "article_200", "article_978",
		"forme_heading", "forme_acte_authentique", "forme_acte_sous_seing_prive", "forme_don_manuel", "forme_autre",
		"nature_heading", "nature_numeraire", "nature_titres", "nature_abandon_revenus", "nature_frais_benevoles",
		"nature_autre", "nature_autre_in_kind",
		"mode_heading", "mode_especes", "mode_cheque", "mode_virement",
	}
	companyKeys = []string{
		"company_name", "legal_form", "company_siren",
		"gifts_heading", "in_kind_value", "in_kind_words", "in_kind_description", "in_kind_item", "in_kind_valuation",
		"payments_value", "payments_words", "payment_forms_heading",
		"pay_especes", "pay_cheque", "pay_virement", "pay_autre",
		"total_value", "total_words", "none", "period_heading", "period_range",
	}
)

// placeholders lists the {key} that texts may contain.
var (
	placeholderPattern = regexp.MustCompile(`\{[^{}]*\}`)
	placeholders       = []string{"{year}", "{from}", "{to}", "{date}", "{name}", "{role}", "{number}",
		"{reason}", "{form}", "{donor}", "{page}", "{pages}", "{first}", "{last}", "{description}", "{amount}", "{valuation}"}
)

// t returns the text named key with each {name} replaced: t("page",
// "page", "1", "pages", "2"). An unknown key is printed as "{key}" so that
// the golden files show the mistake; loadMentions makes it impossible for
// the keys the renderer uses.
func (m *mentions) t(key string, kv ...string) string {
	s, ok := m.Texts[key]
	if !ok {
		return "{" + key + "}"
	}
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, "{"+kv[i]+"}", kv[i+1])
	}
	return s
}

// label returns the text named prefix+code, or code itself when there is
// none: a payment method or nature added to donation before its wording.
func (m *mentions) label(prefix, code string) string {
	if s, ok := m.Texts[prefix+code]; ok {
		return s
	}
	return code
}

var allMentions = sync.OnceValues(func() ([]*mentions, error) {
	return loadMentions(assets.Legal, mentionsGlob)
})

// mentionsFor returns the wording that receipt r was issued with: the file
// of its Cerfa whose effective date is the latest one not after the form
// version recorded on the receipt (or its issue date when none is).
func mentionsFor(r donation.Receipt) (*mentions, error) {
	all, err := allMentions()
	if err != nil {
		return nil, err
	}
	return pick(all, r)
}

// pick returns the wording among all that receipt r was issued with.
func pick(all []*mentions, r donation.Receipt) (*mentions, error) {
	on := r.Form.Version
	if on == "" {
		on = r.IssuedOn
	}
	var best *mentions
	for _, m := range all {
		if m.Cerfa == r.Form.Cerfa && m.EffectiveFrom <= on && (best == nil || m.EffectiveFrom > best.EffectiveFrom) {
			best = m
		}
	}
	if best == nil {
		return nil, apperr.Invalid("pdf.form_unknown", fmt.Sprintf(
			"Bureau ne connaît pas le texte du formulaire Cerfa %q en vigueur au %s : le reçu n° %s ne peut pas être imprimé. Mettez Bureau à jour.",
			r.Form.Cerfa, on, r.Number))
	}
	return best, nil
}

// loadMentions reads and checks every mentions file matching pattern.
func loadMentions(fsys fs.FS, pattern string) ([]*mentions, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no mentions file matches %s", pattern)
	}
	var all []*mentions
	for _, name := range names {
		m, err := loadMentionsFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
		for _, o := range all {
			if o.Cerfa == m.Cerfa && o.EffectiveFrom == m.EffectiveFrom {
				return nil, fmt.Errorf("%s and %s both define Cerfa %s from %s", o.file, name, m.Cerfa, m.EffectiveFrom)
			}
		}
		all = append(all, m)
	}
	return all, nil
}

func loadMentionsFile(fsys fs.FS, name string) (*mentions, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var file struct {
		Form          string             `json:"form"`
		Cerfa         string             `json:"cerfa"`
		EffectiveFrom string             `json:"effective_from"`
		DonorKind     donation.DonorKind `json:"donor_kind"`
		Source        []string           `json:"source"`
		Note          []string           `json:"note"`
		Texts         map[string]string  `json:"texts"`
		Footnotes     []string           `json:"footnotes"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		return nil, err
	}
	m := &mentions{Form: file.Form, Cerfa: file.Cerfa, EffectiveFrom: file.EffectiveFrom,
		DonorKind: file.DonorKind, Texts: file.Texts, Footnotes: file.Footnotes, file: name}
	if m.Form == "" || m.Cerfa == "" || len(file.Source) == 0 {
		return nil, fmt.Errorf("form, cerfa and source are required")
	}
	if _, err := time.Parse(time.DateOnly, m.EffectiveFrom); err != nil {
		return nil, fmt.Errorf("effective_from: %w", err)
	}
	keys := slices.Clone(commonKeys)
	switch m.DonorKind {
	case donation.Individual:
		keys = append(keys, individualKeys...)
	case donation.Company:
		keys = append(keys, companyKeys...)
	default:
		return nil, fmt.Errorf("donor_kind %q: want %q or %q", m.DonorKind, donation.Individual, donation.Company)
	}
	for _, k := range keys {
		if strings.TrimSpace(m.Texts[k]) == "" {
			return nil, fmt.Errorf("text %q is missing", k)
		}
	}
	for k, s := range m.Texts {
		if !slices.Contains(keys, k) {
			return nil, fmt.Errorf("text %q is not used by the renderer", k)
		}
		if err := checkText(s); err != nil {
			return nil, fmt.Errorf("text %q: %w", k, err)
		}
	}
	for i, s := range m.Footnotes {
		if err := checkText(s); err != nil {
			return nil, fmt.Errorf("footnote %d: %w", i+1, err)
		}
	}
	return m, nil
}

// checkText refuses unknown placeholders and characters outside the
// WinAnsi set: the fixed texts must never push a receipt onto the slow
// Unicode font path (see fonts.go).
func checkText(s string) error {
	for _, ph := range placeholderPattern.FindAllString(s, -1) {
		if !slices.Contains(placeholders, ph) {
			return fmt.Errorf("unknown placeholder %s", ph)
		}
	}
	for _, r := range s {
		if _, ok := winAnsiByte(r); !ok {
			return fmt.Errorf("character %q (%U) is outside WinAnsi", r, r)
		}
	}
	return nil
}
